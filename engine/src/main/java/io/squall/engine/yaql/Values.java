package io.squall.engine.yaql;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Python semantics on the interpreter's values: truth, equality, hashing keys, iterability, materialising. */
final class Values {
    private Values() {}

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0;
        }
        if (v instanceof BigInteger b) {
            return b.signum() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true; // Python iterators, regexes and contexts are always true
    }

    /** List, lazy sequence or ordering: what YAQL's Iterable parameter accepts (not strings, not dicts). */
    @SuppressWarnings("unchecked")
    static Iterable<Object> iterable(Object v) {
        if (v instanceof List<?> || v instanceof LazySeq || v instanceof Ordering) {
            return (Iterable<Object>) v;
        }
        return null;
    }

    /** Turns lazy sequences (at any depth) into lists, as YAQL's output conversion does. */
    static Object materialize(Object v, Evaluation ev) {
        if (v instanceof LazySeq || v instanceof Ordering) {
            List<Object> out = new ArrayList<>();
            int max = ev == null ? Integer.MAX_VALUE : ev.limits.maxCollectionSize();
            for (Object o : (Iterable<?>) v) {
                out.add(materialize(o, ev));
                if (out.size() > max) {
                    ev.checkSize(out.size());
                }
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = null;
            for (int i = 0; i < l.size(); i++) {
                Object o = l.get(i);
                Object m = materialize(o, ev);
                if (m != o && out == null) {
                    out = new ArrayList<>(l.subList(0, i));
                }
                if (out != null) {
                    out.add(m);
                }
            }
            return out == null ? v : Collections.unmodifiableList(out);
        }
        if (v instanceof Map<?, ?> m) {
            boolean changed = false;
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = materialize(e.getKey(), ev);
                Object val = materialize(e.getValue(), ev);
                changed |= k != e.getKey() || val != e.getValue();
                out.put(k, val);
            }
            return changed ? Collections.unmodifiableMap(out) : v;
        }
        return v;
    }

    /** Python {@code ==}: 1 == 1.0 == True, lists element-wise, dicts by key; a lazy sequence only equals itself. */
    static boolean pyEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (isNumeric(a) && isNumeric(b)) {
            return PyNumbers.numericEquals(numeric(a), numeric(b));
        }
        if (a instanceof String || b instanceof String) {
            return a.equals(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!pyEquals(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Map<Object, Object> byKey = new HashMap<>();
            y.forEach((k, v) -> byKey.put(key(k), v));
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object k = key(e.getKey());
                if (!byKey.containsKey(k) || !pyEquals(e.getValue(), byKey.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static boolean isNumeric(Object v) {
        return PyNumbers.isNumber(v) || v instanceof Boolean;
    }

    private static Object numeric(Object v) {
        return v instanceof Boolean b ? (b ? 1L : 0L) : v;
    }

    /**
     * A Java key that is equal exactly when Python's hash keys are: True, 1 and 1.0 are one key, lists and dicts
     * by content. Used for dict lookups, distinct() and groupBy().
     */
    static Object key(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
            return (long) (double) d;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(o -> out.add(key(o)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new HashMap<>();
            m.forEach((k, val) -> out.put(key(k), key(val)));
            return out;
        }
        return v;
    }

    /** A dict lookup with Python's key equality; {@code NO_KEY} when absent. */
    static final Object NO_KEY = new Object();

    static Object lookup(Map<?, ?> map, Object key) {
        if (map.containsKey(key)) {
            return map.get(key);
        }
        if (!(key instanceof Boolean || key instanceof Double || key instanceof Long)) {
            return NO_KEY; // only numbers compare across Java types
        }
        Object k = key(key);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (key(e.getKey()).equals(k)) {
                return e.getValue();
            }
        }
        return NO_KEY;
    }

    static boolean containsKey(Map<?, ?> map, Object key) {
        return lookup(map, key) != NO_KEY;
    }
}
