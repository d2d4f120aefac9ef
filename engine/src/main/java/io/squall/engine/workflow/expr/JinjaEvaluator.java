package io.squall.engine.workflow.expr;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.RenderBudget;
import io.squall.engine.template.TemplateLimits;
import io.squall.engine.workflow.Values;
import io.squall.engine.workflow.WorkflowException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jinjava.javax.el.CompositeELResolver;

/**
 * Orquesta's Jinja evaluator on Jinjava: {@code {{ expr }}} statements (a lone one keeps its type) and
 * {@code {% %}} blocks (rendered to text), StrictUndefined semantics ({@link StrictResolver}), Orquesta's
 * functions as globals, and Orquesta's messages: {@code There are unresolved variables: ...} and
 * {@code Unable to evaluate expression '...'. <Error>: <message>}. Sandboxed: no nested interpretation, no bean
 * access, bounded output, range and recursion.
 */
public final class JinjaEvaluator implements ExpressionEvaluator {
    private static final Pattern EXPR = Pattern.compile("\\{\\{.*?\\}\\}", Pattern.UNIX_LINES);
    private static final Pattern BLOCK = Pattern.compile("\\{%.*?%\\}", Pattern.UNIX_LINES);
    /** Jinja binds {@code not a in b} as {@code not (a in b)}; Jinjava binds {@code not} tighter: say it its way. */
    private static final Pattern NOT_IN = Pattern.compile(
            "\\bnot\\s+([A-Za-z_]\\w*(?:\\([^()]*\\))?(?:\\.[A-Za-z_]\\w*(?:\\([^()]*\\))?|\\[[^\\[\\]]*\\])*)\\s+in\\b");

    private static final Pattern RAW = Pattern.compile("\\{% raw %\\}.*?\\{% endraw %\\}", Pattern.UNIX_LINES);

    private final Jinjava jinjava;
    private final KvLookup kv;

    public JinjaEvaluator(KvLookup kv) {
        this.kv = kv;
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new StrictResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withElResolver(resolver)
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withNestedInterpretationEnabled(false)
                .withMaxOutputSize(1 << 20)
                .withMaxStringLength(1 << 20)
                .withRangeLimit(100_000)
                .withMaxListSize(100_000)
                .withMaxMapSize(100_000)
                .withMaxRenderDepth(10)
                .withMaxMacroRecursionDepth(20)
                // the rules engine's time budget: checked at every node and attribute lookup
                .withProcessors(com.hubspot.jinjava.el.JinjavaProcessors.newBuilder()
                        .withNodePreProcessor((node, interpreter) -> RenderBudget.check())
                        .build())
                .build();
        jinjava = new Jinjava(config);
        // Jinjava's default locator reads the classpath: a workflow must not include the operator's files
        jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new java.io.IOException("templates cannot read other templates ('" + name + "')");
        });
        JinjaFunctions.definitions().forEach(jinjava.getGlobalContext()::registerFunction);
    }

    /** A fresh interpreter over a child of the global context (Jinjava's newInterpreter copies every library: slow). */
    private JinjavaInterpreter interpreter() {
        return new JinjavaInterpreter(
                jinjava,
                new com.hubspot.jinjava.interpret.Context(jinjava.getGlobalContext()),
                jinjava.getGlobalConfig());
    }

    @Override
    public String type() {
        return "jinja";
    }

    @Override
    public boolean hasExpressions(String text) {
        return EXPR.matcher(text).find() || BLOCK.matcher(text).find();
    }

    @Override
    public List<Map<String, Object>> validate(String text) {
        List<Map<String, Object>> errors = new ArrayList<>();
        if (BLOCK.matcher(text).find()) {
            String problem = parseProblem(text, true);
            if (problem != null) {
                errors.add(error(text, problem));
            }
        }
        for (String expr : CtxReferences.findAll(EXPR, text)) {
            if (errors.stream().anyMatch(e -> e.get("expression").equals(expr))) {
                continue;
            }
            String problem = parseProblem(CtxReferences.stripChars(expr, "{}").strip(), false);
            if (problem != null) {
                errors.add(error(expr, problem));
            }
        }
        return errors;
    }

    /** A syntax error in a template or an expression, or null; evaluated with functions that do nothing. */
    private String parseProblem(String source, boolean template) {
        JinjaFunctions.validating(true);
        JinjavaInterpreter interpreter = interpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            if (template) {
                interpreter.render(source);
            } else {
                interpreter.resolveELExpression(source, 1);
            }
            for (TemplateError e : interpreter.getErrors()) {
                String m = e.getMessage() == null ? "" : e.getMessage();
                if (m.startsWith("Error parsing")
                        || (template
                                && e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR
                                && (m.contains("tag") || m.contains("Unclosed") || m.contains("end")))) {
                    return m;
                }
            }
            return null;
        } catch (RuntimeException e) {
            return null; // evaluation problems are not syntax errors
        } finally {
            JinjavaInterpreter.popCurrent();
            JinjaFunctions.validating(false);
        }
    }

    private static Map<String, Object> error(String expression, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", "jinja");
        e.put("expression", expression);
        e.put("message", message);
        return e;
    }

    @Override
    public Object evaluate(String text, Map<String, Object> data) {
        List<String> raws = CtxReferences.findAll(RAW, text);
        for (int i = 0; i < raws.size(); i++) {
            text = text.replace(raws.get(i), "{" + i + "}");
        }
        List<String> unresolved = new ArrayList<>();
        Object output = expand(text, data, unresolved);
        if (!unresolved.isEmpty()) {
            throw new WorkflowException(
                    "JinjaEvaluationException", "There are unresolved variables: " + String.join(", ", unresolved));
        }
        if (output instanceof String s && !raws.isEmpty()) {
            for (int i = 0; i < raws.size(); i++) {
                s = s.replace("{" + i + "}", raws.get(i));
            }
            output = render(s, data, s);
        }
        return output;
    }

    private Object expand(String text, Map<String, Object> data, List<String> unresolved) {
        List<String> exprs = CtxReferences.findAll(EXPR, text);
        boolean blocks = BLOCK.matcher(text).find();
        if (blocks) {
            // the rendered text is data: Orquesta would expand the expressions in it again, Squall does not
            return render(text, data, text);
        }
        Object output = text;
        for (String expr : exprs) {
            String stripped = CtxReferences.stripChars(expr, "{}").strip();
            Object result = resolve(stripped, expr, data);
            if (result instanceof Undefined) {
                unresolved.add(stripped);
                continue;
            }
            if (exprs.size() > 1 || ((String) output).length() > expr.length()) {
                output = ((String) output).replace(expr, Values.pyStr(result));
            } else {
                output = result;
            }
        }
        return output;
    }

    private Object resolve(String stripped, String expr, Map<String, Object> data) {
        JinjaFunctions.bind(data, kv);
        JinjavaInterpreter interpreter = interpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try (RenderBudget budget = RenderBudget.start(TemplateLimits.DEFAULTS)) {
            Object result =
                    interpreter.resolveELExpression(NOT_IN.matcher(stripped).replaceAll("$1 not in"), 1);
            failOnBudget(budget, expr);
            failOnErrors(interpreter, expr);
            return result instanceof Undefined ? result : PyNone.toValue(result);
        } catch (WorkflowException e) {
            throw e.type().equals("JinjaEvaluationException") ? e : evaluationError(expr, e);
        } catch (RenderBudget.Exceeded e) {
            throw limitExceeded(expr, e.getMessage());
        } catch (RuntimeException e) {
            WorkflowException cause = JinjaFunctions.lastError();
            throw cause != null
                    ? evaluationError(expr, cause)
                    : new WorkflowException(
                            "JinjaEvaluationException",
                            "Unable to evaluate expression '" + expr + "'. "
                                    + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            JinjavaInterpreter.popCurrent();
            JinjaFunctions.unbind();
        }
    }

    private String render(String template, Map<String, Object> data, String expr) {
        JinjaFunctions.bind(data, kv);
        JinjavaInterpreter interpreter = interpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try (RenderBudget budget = RenderBudget.start(TemplateLimits.DEFAULTS)) {
            try {
                data.forEach((k, v) -> {
                    if (!k.startsWith("__")) {
                        interpreter.getContext().put(k, v);
                    }
                });
                String out = interpreter.render(template);
                failOnBudget(budget, expr);
                failOnErrors(interpreter, expr);
                return out;
            } catch (WorkflowException e) {
                throw e.type().equals("JinjaEvaluationException") ? e : evaluationError(expr, e);
            } catch (RuntimeException e) {
                // Jinjava wraps what a tag raised (a limit, a refused include) in its own exception
                failOnBudget(budget, expr);
                WorkflowException cause = JinjaFunctions.lastError();
                throw cause != null
                        ? evaluationError(expr, cause)
                        : new WorkflowException(
                                "JinjaEvaluationException",
                                "Unable to evaluate expression '" + expr + "'. TemplateError: " + rootMessage(e));
            }
        } finally {
            JinjavaInterpreter.popCurrent();
            JinjaFunctions.unbind();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : e.getMessage();
    }

    /** A limit of the sandbox (time, size) hit during the evaluation fails it, whatever Jinjava did with it. */
    private static void failOnBudget(RenderBudget budget, String expr) {
        if (budget.exceeded() != null) {
            throw limitExceeded(expr, budget.exceeded());
        }
    }

    private static WorkflowException limitExceeded(String expr, String limit) {
        return new WorkflowException(
                "JinjaEvaluationException", "Unable to evaluate expression '" + expr + "'. LimitExceeded: " + limit);
    }

    private static void failOnErrors(JinjavaInterpreter interpreter, String expr) {
        for (TemplateError e : interpreter.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                WorkflowException cause = JinjaFunctions.lastError();
                if (cause != null) {
                    throw evaluationError(expr, cause);
                }
                String message = e.getMessage();
                int at = message.indexOf("WorkflowException: ");
                throw new WorkflowException(
                        "JinjaEvaluationException",
                        "Unable to evaluate expression '" + expr + "'. "
                                + (at >= 0
                                        ? message.substring(at + "WorkflowException: ".length())
                                        : "TemplateError: " + message));
            }
        }
    }

    private static WorkflowException evaluationError(String expr, WorkflowException cause) {
        return new WorkflowException(
                "JinjaEvaluationException",
                "Unable to evaluate expression '" + expr + "'. " + cause.type() + ": " + cause.getMessage());
    }

    @Override
    public List<String> extractVars(String text) {
        List<String> stripped = new ArrayList<>();
        for (String e : CtxReferences.findAll(EXPR, text)) {
            stripped.add(CtxReferences.stripChars(e, "{}").strip());
        }
        return CtxReferences.references(stripped);
    }
}
