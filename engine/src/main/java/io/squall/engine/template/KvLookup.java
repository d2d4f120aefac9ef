package io.squall.engine.template;

import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.engine.datastore.KvScope;
import io.squall.engine.datastore.KvValue;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the datastore for {@code {{ kv.system.key }}} and {@code {{ kv.user.key }}} (StackStorm's
 * {@code st2kv.system.key}) and Orquesta's {@code st2kv('system.key')}. The operator backs it with the JetStream
 * key-value bucket, one namespace (and, for the user scope, the Execution's creator) per lookup. An expired key is
 * missing. A missing key fails the template naming the key, unless {@code | default(...)} gives a value or an
 * {@code if} tests it (it is falsy).
 */
@FunctionalInterface
public interface KvLookup {
    KvLookup EMPTY = (scope, key) -> Optional.empty();

    Optional<KvValue> find(KvScope scope, String key);

    /** A fixed map of system-scope string values, e.g. for tests and the offline rule tester. */
    static KvLookup of(Map<String, String> values) {
        return (scope, key) -> scope == KvScope.SYSTEM
                ? Optional.ofNullable(values.get(key)).map(v -> KvValue.of(TextNode.valueOf(v)))
                : Optional.empty();
    }
}
