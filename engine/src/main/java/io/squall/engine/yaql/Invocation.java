package io.squall.engine.yaql;

import java.util.List;

/** One call of a library function: its name, receiver (for {@code x.f()}), unevaluated arguments and context. */
final class Invocation {
    final String name;
    final boolean method;
    final Object receiver;
    final List<Node> args;
    final YaqlContext ctx;

    Invocation(String name, boolean method, Object receiver, List<Node> args, YaqlContext ctx) {
        this.name = name;
        this.method = method;
        this.receiver = receiver;
        this.args = args;
        this.ctx = ctx;
    }

    Evaluation ev() {
        return ctx.evaluation;
    }

    Object eval(Node n) {
        return Evaluator.eval(n, ctx);
    }

    /** The error YAQL gives when no overload of this name accepts the arguments. */
    YaqlError noMatch() {
        return method ? Errors.noMatchingMethod(name, receiver) : Errors.noMatchingFunction(name);
    }

    /** Binds the arguments to parameters; see {@link Args} for the parameter notation. */
    Args bind(String... params) {
        return Args.bind(this, params);
    }
}
