package io.squall.engine.yaql;

import java.util.List;
import java.util.Map;

/** Python's type names of values, as they appear in TypeError messages (YAQL's lists are tuples). */
final class PyTypes {
    private PyTypes() {}

    static String name(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (PyNumbers.isInteger(v)) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof List<?>) {
            return "tuple";
        }
        if (v instanceof Map<?, ?>) {
            return "FrozenDict";
        }
        if (v instanceof Regex) {
            return "Pattern";
        }
        return "iterator";
    }
}
