package io.squall.engine.yaql;

import java.util.Objects;

/**
 * A YAQL interpreter (the language of Orquesta's {@code <% ... %>} expressions), following the Python
 * implementation (yaql 3.x) and Orquesta's use of it. Parse once, evaluate many times:
 * <pre>{@code
 * YaqlFunctions functions = Yaql.standardFunctions().register("ctx", (args, kw, c) -> ...);
 * Object v = Yaql.parse("ctx().count + 1").evaluate(new YaqlContext(null, functions));
 * }</pre>
 */
public final class Yaql {
    private Yaql() {}

    /** Parses an expression given without its {@code <% %>} delimiters. */
    public static YaqlExpression parse(String expression) throws YaqlSyntaxException {
        Objects.requireNonNull(expression, "expression");
        return new ParsedExpression(expression, Parser.parse(expression));
    }

    /** A fresh registry: YAQL's standard library, Orquesta's json() and zip(), StackStorm's functions. */
    public static YaqlFunctions standardFunctions() {
        return new YaqlFunctions(Library.standard());
    }
}
