package io.squall.engine.yaql;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** Builds the standard function table once; registries copy it on write. */
final class Library {
    private static final Map<String, FunctionEntry> STANDARD = build();

    private final Map<String, FunctionEntry> entries = new HashMap<>();

    private Library() {}

    static Map<String, FunctionEntry> standard() {
        return STANDARD;
    }

    private static Map<String, FunctionEntry> build() {
        Library lib = new Library();
        StdCore.register(lib);
        StdStrings.register(lib);
        StdMath.register(lib);
        StdCollections.register(lib);
        StdQueries.register(lib);
        StdRegex.register(lib);
        OrquestaFunctions.register(lib);
        StackStormFunctions.register(lib);
        return Collections.unmodifiableMap(lib.entries);
    }

    /** Callable only as {@code name(...)}. */
    void function(String name, Builtin b) {
        entries.merge(name, new FunctionEntry(b, null), (old, n) -> old.withFunction(b));
    }

    /** Callable only as {@code receiver.name(...)}. */
    void method(String name, Builtin b) {
        entries.merge(name, new FunctionEntry(null, b), (old, n) -> old.withMethod(b));
    }

    /** YAQL's extension methods: both forms, the receiver being the first argument. */
    void both(String name, Builtin b) {
        function(name, b);
        method(name, b);
    }
}
