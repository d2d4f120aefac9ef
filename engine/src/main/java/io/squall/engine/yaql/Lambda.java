package io.squall.engine.yaql;

/**
 * A lazily evaluated argument ({@code where($ > 1)}): evaluated in the caller's context with its arguments as
 * {@code $1, $2, ...} ({@code $} is {@code $1}), as YAQL's Lambda parameter type does.
 */
final class Lambda {
    private final Node body;
    private final YaqlContext context;

    Lambda(Node body, YaqlContext context) {
        this.body = body;
        this.context = context;
    }

    Object call(Object... args) {
        YaqlContext c = context;
        for (int i = 0; i < args.length; i++) {
            c = c.bind(String.valueOf(i + 1), args[i]);
        }
        return Evaluator.eval(body, c);
    }

    boolean test(Object... args) {
        return Values.truthy(call(args));
    }

    /** Evaluated in another context (the regex match variables, the right side of {@code ->}). */
    Object callIn(YaqlContext c) {
        return Evaluator.eval(body, c);
    }
}
