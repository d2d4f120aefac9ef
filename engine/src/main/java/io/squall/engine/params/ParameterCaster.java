package io.squall.engine.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.squall.api.v1alpha1.ParameterType;
import io.squall.engine.JsonNumbers;
import io.squall.engine.criteria.CriterionException;
import io.squall.engine.criteria.PyValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * StackStorm's casts (st2common/util/casts.py), applied after rendering, then the type check its JSON-schema
 * validation does. null stays null. string: only strings; integer: {@code int(x)} (numeric strings, bools,
 * floats truncated); number: {@code float(x)}; boolean: "true"/"false" in any case; array/object: JSON text or a
 * Python literal.
 */
final class ParameterCaster {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PY_INT = Pattern.compile("[+-]?\\d(_?\\d)*");

    private ParameterCaster() {}

    static JsonNode cast(String name, ParameterType type, JsonNode value) {
        if (type == null || value == null || value.isNull()) {
            return value;
        }
        JsonNode cast = switch (type) {
            case STRING -> value;
            case INTEGER -> toInteger(name, value);
            case NUMBER -> toNumber(name, value);
            case BOOLEAN -> value.isTextual() ? toBoolean(name, value.textValue()) : value;
            case ARRAY, OBJECT -> value.isTextual() ? toComplex(name, type, value.textValue()) : value;
        };
        checkType(name, type, cast, value);
        return cast;
    }

    private static JsonNode toInteger(String name, JsonNode value) {
        if (value.isIntegralNumber()) {
            return value;
        }
        if (value.isBoolean()) {
            return JsonNumbers.integer(value.booleanValue() ? 1 : 0);
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                throw new ParameterException(name, "cannot convert " + value + " to an integer");
            }
            return JsonNumbers.integer(
                    new BigDecimal(d).setScale(0, RoundingMode.DOWN).toBigInteger());
        }
        if (value.isTextual() && PY_INT.matcher(value.textValue().strip()).matches()) {
            return JsonNumbers.integer(new BigInteger(value.textValue().strip().replace("_", "")));
        }
        throw new ParameterException(name, "cannot cast " + describe(value) + " to integer");
    }

    private static JsonNode toNumber(String name, JsonNode value) {
        if (value.isContainerNode()) {
            throw new ParameterException(name, "cannot cast " + describe(value) + " to number");
        }
        try {
            return NODES.numberNode(PyValues.toFloat(value));
        } catch (CriterionException e) {
            throw new ParameterException(name, "cannot cast " + describe(value) + " to number");
        }
    }

    /** ast.literal_eval(x.capitalize()): "true", "TRUE", "False" ... */
    private static JsonNode toBoolean(String name, String text) {
        String capitalized = text.isEmpty()
                ? text
                : text.substring(0, 1).toUpperCase(Locale.ROOT)
                        + text.substring(1).toLowerCase(Locale.ROOT);
        return switch (capitalized) {
            case "True" -> NODES.booleanNode(true);
            case "False" -> NODES.booleanNode(false);
            case "None" -> NODES.nullNode();
            default -> throw new ParameterException(name, "cannot cast '" + text + "' to boolean (use true or false)");
        };
    }

    private static JsonNode toComplex(String name, ParameterType type, String text) {
        try {
            return PythonLiteral.parse(text); // a superset of JSON
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    name,
                    "cannot cast '" + text + "' to " + type.name().toLowerCase(Locale.ROOT)
                            + ": it is neither JSON nor a Python literal (" + e.getMessage() + ")");
        }
    }

    private static void checkType(String name, ParameterType type, JsonNode cast, JsonNode original) {
        if (cast.isNull()) {
            return;
        }
        boolean ok = switch (type) {
            case STRING -> cast.isTextual();
            case INTEGER -> cast.isIntegralNumber();
            case NUMBER -> cast.isNumber();
            case BOOLEAN -> cast.isBoolean();
            case ARRAY -> cast.isArray();
            case OBJECT -> cast.isObject();
        };
        if (!ok) {
            throw new ParameterException(name, "must be " + article(type) + ", got " + describe(original));
        }
    }

    private static String article(ParameterType type) {
        String t = type.name().toLowerCase(Locale.ROOT);
        return (type == ParameterType.INTEGER || type == ParameterType.ARRAY || type == ParameterType.OBJECT
                        ? "an "
                        : "a ")
                + t;
    }

    private static String describe(JsonNode value) {
        return PyValues.typeName(value) + " " + PyValues.show(value);
    }
}
