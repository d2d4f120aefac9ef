package io.squall.engine.workflow.expr;

import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.Values;
import io.squall.engine.workflow.WorkflowException;
import io.squall.engine.yaql.Yaql;
import io.squall.engine.yaql.YaqlContext;
import io.squall.engine.yaql.YaqlEvaluationException;
import io.squall.engine.yaql.YaqlExpression;
import io.squall.engine.yaql.YaqlFunction;
import io.squall.engine.yaql.YaqlFunctions;
import io.squall.engine.yaql.YaqlSyntaxException;
import io.squall.engine.yaql.YaqlValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Orquesta's YAQL evaluator ({@code orquesta/expressions/yql.py}) on Squall's YAQL interpreter: {@code <% %>}
 * statements (a lone one keeps its type, otherwise each is replaced by its value's Python {@code str()}), Orquesta's
 * functions, {@code $} bound to the workflow variables, and Orquesta's messages:
 * {@code Unable to evaluate expression '<% ... %>'. <Error>: <message>}. A value is data: a string result that
 * holds {@code <% %>} is not evaluated again (Orquesta would).
 */
public final class YaqlEvaluator implements ExpressionEvaluator {
    private static final Pattern EXPR = Pattern.compile("<%.*?%>", Pattern.UNIX_LINES);
    /** The task context of the evaluation in progress (it holds the live workflow state, which is no YAQL value). */
    private static final ThreadLocal<Map<String, Object>> DATA = new ThreadLocal<>();

    private static final int PARSED_CACHE_LIMIT = 10_000;

    private final YaqlFunctions functions;
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();

    public YaqlEvaluator(KvLookup kv) {
        functions = Yaql.standardFunctions();
        functions.register("ctx", withData((d, a, k) -> OrquestaFunctions.ctx(d, str(a, 0))));
        functions.register("item", withData((d, a, k) -> OrquestaFunctions.item(d, str(a, 0))));
        functions.register(
                "task_status",
                withData((d, a, k) -> OrquestaFunctions.taskStatus(
                        d, str(a, 0), a.size() > 1 && a.get(1) instanceof Number n ? n.intValue() : null)));
        functions.register("succeeded", withData((d, a, k) -> OrquestaFunctions.succeeded(d)));
        functions.register("failed", withData((d, a, k) -> OrquestaFunctions.failed(d)));
        functions.register("completed", withData((d, a, k) -> OrquestaFunctions.completed(d)));
        functions.register("result", withData((d, a, k) -> OrquestaFunctions.result(d)));
        YaqlFunction st2kv = withData((d, a, k) -> OrquestaFunctions.st2kv(
                kv, str(a, 0), a.size() > 1 ? Values.truthy(a.get(1)) : Values.truthy(k.get("decrypt"))));
        functions.register("st2kv", st2kv);
        functions.register("kv", st2kv);
    }

    private interface DataFunction {
        Object call(Map<String, Object> data, List<Object> args, Map<String, Object> kwargs);
    }

    @SuppressWarnings("unchecked")
    private static YaqlFunction withData(DataFunction f) {
        return (args, kwargs, context) -> {
            Map<String, Object> data = DATA.get();
            List<Object> normalized = new ArrayList<>();
            args.forEach(a -> normalized.add(Values.normalize(YaqlValues.normalize(a))));
            try {
                return f.call(data, normalized, kwargs);
            } catch (WorkflowException e) {
                throw new YaqlEvaluationException(e.type(), e.getMessage());
            }
        };
    }

    private static String str(List<Object> args, int i) {
        return args.size() > i && args.get(i) != null ? Values.pyStr(args.get(i)) : null;
    }

    @Override
    public String type() {
        return "yaql";
    }

    @Override
    public boolean hasExpressions(String text) {
        return EXPR.matcher(text).find();
    }

    private static String strip(String expr) {
        return CtxReferences.stripChars(expr, "<%>").strip();
    }

    /** The parsed expression, or the syntax error (both cached: workflows evaluate the same text many times). */
    private Object parse(String stripped) {
        Object p = parsed.get(stripped);
        if (p != null) {
            return p;
        }
        try {
            p = Yaql.parse(stripped);
        } catch (YaqlSyntaxException e) {
            p = e;
        }
        if (parsed.size() < PARSED_CACHE_LIMIT) {
            parsed.put(stripped, p);
        }
        return p;
    }

    @Override
    public List<Map<String, Object>> validate(String text) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String expr : CtxReferences.findAll(EXPR, text)) {
            if (parse(strip(expr)) instanceof YaqlSyntaxException e) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", "yaql");
                m.put("expression", expr);
                m.put("message", e.getMessage());
                errors.add(m);
            }
        }
        return errors;
    }

    @Override
    public Object evaluate(String text, Map<String, Object> data) {
        List<String> exprs = CtxReferences.findAll(EXPR, text);
        Map<String, Object> vars = data == null ? Map.of() : data;
        YaqlContext context = new YaqlContext(OrquestaFunctions.ctx(vars, null), functions);
        Map<String, Object> previous = DATA.get();
        DATA.set(vars);
        try {
            return evaluate(text, exprs, context);
        } finally {
            DATA.set(previous);
        }
    }

    private Object evaluate(String text, List<String> exprs, YaqlContext context) {
        Object output = text;
        for (String expr : exprs) {
            Object p = parse(strip(expr));
            Object result;
            try {
                if (p instanceof YaqlSyntaxException e) {
                    throw error(expr, e.kind(), e.getMessage());
                }
                result = Values.normalize(YaqlValues.normalize(((YaqlExpression) p).evaluate(context)));
            } catch (YaqlEvaluationException e) {
                if (e.kind().equals("KeyError")) {
                    throw new WorkflowException(
                            "YaqlEvaluationException",
                            "Unable to resolve key '" + CtxReferences.stripChars(e.getMessage(), "'")
                                    + "' in expression '" + expr + "' from context.");
                }
                throw error(expr, e.kind(), e.getMessage());
            } catch (WorkflowException e) {
                throw e;
            } catch (RuntimeException e) {
                throw error(expr, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            }
            if (exprs.size() > 1 || ((String) output).length() > expr.length()) {
                output = ((String) output).replace(expr, Values.pyStr(result));
            } else {
                output = result;
            }
        }
        return output;
    }

    private static WorkflowException error(String expr, String kind, String message) {
        return new WorkflowException(
                "YaqlEvaluationException",
                "Unable to evaluate expression '" + expr + "'. " + kind + ": "
                        + CtxReferences.stripChars(message, "'"));
    }

    @Override
    public List<String> extractVars(String text) {
        List<String> stripped = new ArrayList<>();
        for (String e : CtxReferences.findAll(EXPR, text)) {
            stripped.add(strip(e));
        }
        return CtxReferences.references(stripped);
    }
}
