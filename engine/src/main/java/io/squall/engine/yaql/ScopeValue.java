package io.squall.engine.yaql;

/** A context object, what {@code let()}, {@code with()} and {@code unpack()} return for the {@code ->} operator. */
record ScopeValue(YaqlContext context) {
    @Override
    public String toString() {
        return "<yaql.language.contexts.Context object>";
    }
}
