package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Orquesta's functions that need no workflow state ({@code orquesta/expressions/functions/common.py}):
 * {@code json(s)} (a string to JSON; a dict is a TypeError there too, YAQL's dicts being no Python dicts) and
 * {@code zip(a, b, ..., pad => x)}. ctx(), item(), task_status() and the others are the
 * conductor's to register.
 */
final class OrquestaFunctions {
    private OrquestaFunctions() {}

    static void register(Library lib) {
        lib.function("json", inv -> {
            // Orquesta returns a Python dict as it is, but YAQL's dicts are FrozenDicts, so a dict is a TypeError
            Object s = inv.bind("s").get("s");
            if (!(s instanceof String text)) {
                throw Errors.typeError("Given object is not typeof string.");
            }
            return PyJson.loads(text);
        });
        lib.function("zip", OrquestaFunctions::zip);
    }

    /** {@code zip_longest(*args, fillvalue=pad)} as a list of lists; one argument is returned as it is. */
    private static Object zip(Invocation inv) {
        Args a = inv.bind("*args", "**kwargs");
        List<List<Object>> columns = new ArrayList<>();
        for (Object arg : a.rest()) {
            if (arg == null) {
                columns.add(List.of());
                continue;
            }
            Iterable<Object> it = Values.iterable(arg);
            if (it == null) {
                if (arg instanceof String s) {
                    List<Object> chars = new ArrayList<>();
                    s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
                    columns.add(chars);
                    continue;
                }
                throw Errors.typeError("'" + PyTypes.name(arg) + "' object is not iterable");
            }
            columns.add(inv.ev().collect(it));
        }
        if (columns.size() == 1) {
            return a.rest().get(0) == null ? List.of() : a.rest().get(0);
        }
        Object pad = a.kwargs().get("pad");
        int rows = columns.stream().mapToInt(List::size).max().orElse(0);
        inv.ev().checkSize(rows);
        List<Object> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<Object> row = new ArrayList<>(columns.size());
            for (List<Object> c : columns) {
                row.add(r < c.size() ? c.get(r) : pad);
            }
            out.add(Collections.unmodifiableList(row));
        }
        return inv.ev().list(out);
    }
}
