package io.squall.engine.workflow.expr;

import java.util.List;
import java.util.Map;

/** One expression language of a workflow (Orquesta's Evaluator): YAQL {@code <% %>} or Jinja {@code {{ }}}. */
public interface ExpressionEvaluator {
    /** "yaql" or "jinja", as Orquesta names them in inspection errors. */
    String type();

    boolean hasExpressions(String text);

    /** Syntax errors: maps {type, expression, message}. */
    List<Map<String, Object>> validate(String text);

    /**
     * Evaluates every expression in {@code text} over {@code data} (the task context): a text that is one expression
     * yields its typed value; otherwise each expression is replaced by its value's Python {@code str()}.
     * Results are data: a value that itself looks like an expression is never evaluated again.
     */
    Object evaluate(String text, Map<String, Object> data);

    /** The {@code ctx()} references in the text ({@code ctx().x}, {@code ctx(x)}, {@code ctx("x")}...). */
    List<String> extractVars(String text);
}
