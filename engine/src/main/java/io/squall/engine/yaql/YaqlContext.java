package io.squall.engine.yaql;

import java.util.Objects;
import java.util.Optional;

/**
 * What an expression sees: the data ({@code $}), variables ({@code $name}), the functions and the limits.
 * Immutable; {@code with...} returns a child. {@code $} is the variable {@code $1}, as in YAQL, so inside a lambda
 * ({@code where($ > 1)}) it is the element. An undefined variable reads as null in an expression.
 */
public final class YaqlContext {
    private final YaqlContext parent;
    private final String name;
    private final Object value;
    private final YaqlFunctions functions;
    private final YaqlLimits limits;
    /** Set while an evaluation runs: contexts made during it share its budget. */
    final Evaluation evaluation;

    public YaqlContext(Object data, YaqlFunctions functions) {
        this(
                null,
                "1",
                YaqlValues.normalize(data),
                Objects.requireNonNull(functions, "functions"),
                YaqlLimits.DEFAULT,
                null);
    }

    private YaqlContext(
            YaqlContext parent,
            String name,
            Object value,
            YaqlFunctions functions,
            YaqlLimits limits,
            Evaluation evaluation) {
        this.parent = parent;
        this.name = name;
        this.value = value;
        this.functions = functions;
        this.limits = limits;
        this.evaluation = evaluation;
    }

    /** A child where {@code $name} is {@code value} ({@code "$item"} and {@code "item"} are the same name). */
    public YaqlContext withVariable(String name, Object value) {
        return bind(name, YaqlValues.normalize(value));
    }

    public YaqlContext withLimits(YaqlLimits limits) {
        return new YaqlContext(this, null, null, functions, Objects.requireNonNull(limits, "limits"), evaluation);
    }

    /** The data, {@code $}; inside a lambda, the current element. */
    public Object data() {
        return variable("1").orElse(null);
    }

    /** The variable's value; empty when undefined or null (see {@link #hasVariable}). */
    public Optional<Object> variable(String name) {
        return Optional.ofNullable(Values.materialize(lookup(name), evaluation));
    }

    public boolean hasVariable(String name) {
        String key = key(name);
        for (YaqlContext c = this; c != null; c = c.parent) {
            if (key.equals(c.name)) {
                return true;
            }
        }
        return false;
    }

    public YaqlFunctions functions() {
        return functions;
    }

    public YaqlLimits limits() {
        return limits;
    }

    // internal: values already in the interpreter's model (they may be lazy), no normalisation
    YaqlContext bind(String name, Object value) {
        return new YaqlContext(this, key(name), value, functions, limits, evaluation);
    }

    YaqlContext attach(Evaluation evaluation) {
        return new YaqlContext(this, null, null, functions, limits, evaluation);
    }

    Object lookup(String name) {
        String key = key(name);
        for (YaqlContext c = this; c != null; c = c.parent) {
            if (key.equals(c.name)) {
                return c.value;
            }
        }
        return null;
    }

    private static String key(String name) {
        String n = name.startsWith("$") ? name.substring(1) : name;
        return n.isEmpty() ? "1" : n;
    }
}
