package io.squall.engine.template;

import java.util.Map;
import java.util.Optional;

/**
 * Reads the datastore for {@code {{ kv.system.key }}} (StackStorm's {@code st2kv.system.key}). The operator backs
 * it with the JetStream key-value bucket; values are strings, as in StackStorm. A missing key renders as an empty
 * string, StackStorm's behaviour, not as an error.
 */
@FunctionalInterface
public interface KvLookup {
    KvLookup EMPTY = key -> Optional.empty();

    Optional<String> get(String key);

    /** A fixed map, e.g. for tests and the offline rule tester. */
    static KvLookup of(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }
}
