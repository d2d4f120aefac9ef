package io.squall.engine.workflow.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.WorkflowException;

/** Placeholder until the YAQL interpreter lands: recognises {@code <% %>} and refuses to evaluate it. */
public final class YaqlEvaluator implements ExpressionEvaluator {
    private static final java.util.regex.Pattern EXPR = java.util.regex.Pattern.compile("<%.*?%>", java.util.regex.Pattern.UNIX_LINES);

    public YaqlEvaluator(KvLookup kv) {
    }

    @Override
    public String type() {
        return "yaql";
    }

    @Override
    public boolean hasExpressions(String text) {
        return EXPR.matcher(text).find();
    }

    @Override
    public List<Map<String, Object>> validate(String text) {
        return List.of();
    }

    @Override
    public Object evaluate(String text, Map<String, Object> data) {
        throw new WorkflowException("YaqlEvaluationException", "YAQL is not available yet");
    }

    @Override
    public List<String> extractVars(String text) {
        List<String> stripped = new ArrayList<>();
        for (String e : CtxReferences.findAll(EXPR, text)) {
            stripped.add(CtxReferences.stripChars(e, "<%>").strip());
        }
        return CtxReferences.references(stripped);
    }
}
