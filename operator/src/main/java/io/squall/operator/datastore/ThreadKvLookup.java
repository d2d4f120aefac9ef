package io.squall.operator.datastore;

import io.squall.engine.datastore.KvScope;
import io.squall.engine.datastore.KvValue;
import io.squall.engine.template.KvLookup;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The datastore of the workflow being conducted on this thread. The workflow engine's expression evaluators are
 * built once (a Jinjava instance is costly) while the namespace and user they must read change per workflow; the
 * engine binds them around each step with {@link #with}.
 */
public final class ThreadKvLookup implements KvLookup {
    public static final ThreadKvLookup INSTANCE = new ThreadKvLookup();
    private static final ThreadLocal<KvLookup> CURRENT = new ThreadLocal<>();

    private ThreadKvLookup() {}

    public static <T> T with(KvLookup lookup, Supplier<T> work) {
        KvLookup before = CURRENT.get();
        CURRENT.set(lookup);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    @Override
    public Optional<KvValue> find(KvScope scope, String key) {
        KvLookup lookup = CURRENT.get();
        if (lookup == null) {
            throw new IllegalStateException("no datastore bound to this thread (a workflow step outside the engine)");
        }
        return lookup.find(scope, key);
    }
}
