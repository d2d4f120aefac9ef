package io.squall.engine.yaql;

/** What a name calls as a function ({@code f(x)}) and as a method ({@code x.f()}); either may be absent. */
record FunctionEntry(Builtin function, Builtin method) {
    FunctionEntry withFunction(Builtin f) {
        return new FunctionEntry(f, method);
    }

    FunctionEntry withMethod(Builtin m) {
        return new FunctionEntry(function, m);
    }
}
