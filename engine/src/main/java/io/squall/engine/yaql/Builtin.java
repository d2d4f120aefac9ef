package io.squall.engine.yaql;

/** A library function as the interpreter calls it: with the unevaluated arguments, so lambdas stay lazy. */
@FunctionalInterface
interface Builtin {
    Object call(Invocation inv);
}
