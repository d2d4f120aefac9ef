package io.squall.engine.yaql;

import java.util.Collections;
import java.util.Map;

/**
 * Building dicts with Python's key equality for the keys where Java's differs: a true or 1.0 key replaces the value
 * of an existing 1 key (the first key object is kept), as in Python.
 */
final class Maps {
    private Maps() {}

    static void put(Map<Object, Object> map, Object key, Object value) {
        if ((key instanceof Boolean || key instanceof Double) && !map.containsKey(key)) {
            Object k = Values.key(key);
            for (Object existing : map.keySet()) {
                if (Values.key(existing).equals(k)) {
                    map.put(existing, value);
                    return;
                }
            }
        }
        map.put(key, value);
    }

    static Map<Object, Object> finish(Map<Object, Object> map, Evaluation ev) {
        ev.checkSize(map.size());
        return Collections.unmodifiableMap(map);
    }
}
