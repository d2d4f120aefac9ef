package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions an expression can call. Copy-on-write: {@link #register} swaps in a new table, so evaluations
 * reading it from other threads need no lock. {@link Yaql#standardFunctions()} gives a fresh registry with YAQL's
 * standard library and the Orquesta/StackStorm functions that need no workflow state.
 */
public final class YaqlFunctions {
    private volatile Map<String, FunctionEntry> entries;

    /** An empty registry. */
    public YaqlFunctions() {
        this(Map.of());
    }

    YaqlFunctions(Map<String, FunctionEntry> entries) {
        this.entries = entries;
    }

    /**
     * Registers {@code fn} as the function {@code name(...)}, replacing a library function of that name (its method
     * form, {@code x.name()}, stays), as a function registered in Orquesta's child context shadows YAQL's.
     */
    public synchronized YaqlFunctions register(String name, YaqlFunction fn) {
        Objects.requireNonNull(fn, "fn");
        String key = normalize(Objects.requireNonNull(name, "name"));
        Map<String, FunctionEntry> copy = new HashMap<>(entries);
        FunctionEntry old = copy.getOrDefault(key, new FunctionEntry(null, null));
        copy.put(key, old.withFunction(new CustomFunction(key, fn)));
        entries = Collections.unmodifiableMap(copy);
        return this;
    }

    /** The names callable as functions, sorted. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        entries.forEach((k, v) -> {
            if (v.function() != null) {
                names.add(k);
            }
        });
        return names;
    }

    FunctionEntry lookup(String name) {
        return entries.get(normalize(name));
    }

    /** YAQL drops trailing underscores of names ({@code len_()} is {@code len()}). */
    private static String normalize(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '_') {
            end--;
        }
        return name.substring(0, end);
    }

    /** A {@link YaqlFunction} called with evaluated, materialised arguments. */
    private record CustomFunction(String name, YaqlFunction fn) implements Builtin {
        @Override
        public Object call(Invocation inv) {
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new java.util.LinkedHashMap<>();
            for (Node n : inv.args) {
                if (n instanceof Node.MappingRule rule) {
                    if (!(rule.key() instanceof Node.Keyword k)) {
                        throw Errors.mappingTranslation();
                    }
                    kwargs.put(k.name(), Values.materialize(inv.eval(rule.value()), inv.ev()));
                } else if (n instanceof Node.Skip) {
                    throw inv.noMatch();
                } else {
                    args.add(Values.materialize(inv.eval(n), inv.ev()));
                }
            }
            try {
                return YaqlValues.normalize(
                        fn.call(Collections.unmodifiableList(args), Collections.unmodifiableMap(kwargs), inv.ctx));
            } catch (YaqlEvaluationException e) {
                throw new YaqlError(e);
            } catch (IllegalArgumentException e) {
                throw Errors.typeError(String.valueOf(e.getMessage()));
            }
        }
    }
}
