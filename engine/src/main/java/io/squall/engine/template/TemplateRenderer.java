package io.squall.engine.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.common.collect.SetMultimap;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaProcessors;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StackStorm-compatible Jinja rendering with Jinjava: trim_blocks/lstrip_blocks, StackStorm's filters,
 * {@code kv.system.<key>} (alias {@code st2kv.system.<key>}; a missing key fails naming it, unless
 * {@code | default(...)}) from a {@link KvLookup}, {@code decrypt_kv} for secret keys, and StrictUndefined: an
 * expression that evaluates to an undefined variable fails with a {@link TemplateException} naming the template
 * and the variable ({@code default(...)} and {@code is defined} work as in Jinja). One instance is thread-safe and
 * meant to be shared; variables are JSON values.
 */
public final class TemplateRenderer {
    /** StackStorm's MATCH_CRITERIA (st2common/constants/rules.py), applied as re.sub does. */
    private static final Pattern MATCH_CRITERIA = Pattern.compile("(\\{\\{)\\s*(.*)\\s*(}})", Pattern.UNIX_LINES);
    /** A template that is exactly one expression: {{ ... }} with nothing around it. */
    private static final Pattern SINGLE_EXPRESSION =
            Pattern.compile("\\s*\\{\\{-?((?:(?!\\{\\{|}}|\\{%|%}).)*?)-?}}\\s*", Pattern.DOTALL);

    private static final String UNKNOWN_TOKEN = "Unknown token found: ";
    /** Python's json.loads: NaN/Infinity allowed, nothing after the value. */
    private static final JsonMapper PY_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Tags that read other templates: there are none to read, and the classpath must not be one. */
    private static final Set<String> DISABLED_TAGS = Set.of("include", "import", "from", "extends");
    /** {@code render} would evaluate a value (data) as a template. */
    private static final Set<String> DISABLED_FILTERS = Set.of("render");

    private final Jinjava jinjava;
    private final TemplateLimits limits;

    public TemplateRenderer() {
        this(TemplateLimits.DEFAULTS);
    }

    /** A sandboxed renderer: see {@link TemplateLimits} and {@link SandboxResolver} for what a template may do. */
    public TemplateRenderer(TemplateLimits limits) {
        this.limits = limits;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withMaxOutputSize(limits.maxOutputChars()) // a runaway loop must not eat the operator's heap
                // Jinjava's default renders an expression's VALUE again when it contains {{ or {%: a payload
                // field "{{ 7*7 }}" came out "49". Values are data; only the template itself is a template.
                .withNestedInterpretationEnabled(false)
                .withMaxListSize(limits.maxCollectionSize())
                .withMaxMapSize(limits.maxCollectionSize())
                .withRangeLimit(limits.maxRange())
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(limits.maxMacroDepth())
                .withElResolver(new SandboxResolver())
                .withDisabled(Map.of(Context.Library.TAG, DISABLED_TAGS, Context.Library.FILTER, DISABLED_FILTERS))
                .withProcessors(JinjavaProcessors.newBuilder()
                        .withNodePreProcessor((node, interpreter) -> RenderBudget.check())
                        .build())
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUsePyishObjectMapper(true)
                        .build())
                .build();
        jinjava = new Jinjava(config);
        jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new java.io.IOException("templates cannot read other templates ('" + name + "')");
        });
        Context global = jinjava.getGlobalContext();
        StackStormFilters.all().forEach(global::registerFilter);
        KvFilters.filters().forEach(global::registerFilter);
        KvFilters.tests().forEach(global::registerExpTest);
        global.registerFunction(
                new ELFunctionDefinition("", "range", SandboxFunctions.class, "range", Object.class, Object[].class));
        java.util.List.copyOf(global.getAllFilters()).forEach(f -> global.registerFilter(SandboxFilters.guard(f)));
        DISABLED_FILTERS.forEach(name -> global.registerFilter(
                SandboxFilters.unavailable(name, "it would evaluate a value as a template, and values are data")));
    }

    public TemplateLimits limits() {
        return limits;
    }

    /** StackStorm's is_jinja_expression: the value contains {{ or {%. */
    public static boolean isTemplate(String value) {
        return value != null && (value.contains("{{") || value.contains("{%"));
    }

    /** The top-level variables a template reads (for dependency ordering of parameters). */
    public static Set<String> referencedNames(String template) {
        return TemplateVariables.roots(template);
    }

    /** Renders to text. */
    public String render(String template, Map<String, JsonNode> variables, KvLookup kv) {
        return renderText(template, jinjaContext(variables, kv));
    }

    /**
     * Renders a value that keeps its type when the template is a single expression ({@code "{{ trigger.count }}"}
     * yields the number, {@code "{{ trigger.body }}"} the object); any other template yields text.
     */
    public JsonNode renderValue(String template, Map<String, JsonNode> variables, KvLookup kv) {
        Map<String, Object> context = jinjaContext(variables, kv);
        Matcher single = SINGLE_EXPRESSION.matcher(template);
        if (single.matches() && !single.group(1).isBlank()) {
            String expression = single.group(1).strip();
            JsonNode value = interpret(template, context, i -> {
                checkBrackets(expression);
                // converted inside: a missing datastore key fails when it becomes the value
                return JinjaValues.toJson(i.resolveELExpression(expression, 1));
            });
            if (value == null) { // evaluated to null without failing: Jinja's none
                return JsonNodeFactory.instance.nullNode();
            }
            return value;
        }
        return TextNode.valueOf(renderText(template, context));
    }

    /**
     * Renders a criteria pattern exactly as StackStorm's RuleFilter does: {@code {{ x }}} is rewritten to
     * {@code {{ x | to_complex }}}, and a result that parses as JSON is used as that JSON value (so
     * {@code "{{ trigger.int }}"} compares as a number); otherwise the pattern is rendered as plain text.
     */
    public JsonNode renderCriteriaPattern(String pattern, Map<String, JsonNode> variables, KvLookup kv) {
        Map<String, Object> context = jinjaContext(variables, kv);
        Matcher m = MATCH_CRITERIA.matcher(pattern);
        if (m.find()) {
            String complex = m.replaceAll("$1$2 | to_complex$3");
            JsonNode decoded = tryParseJson(renderText(complex, pattern, context));
            if (decoded != null) {
                return decoded;
            }
        }
        return TextNode.valueOf(renderText(pattern, context));
    }

    private Map<String, Object> jinjaContext(Map<String, JsonNode> variables, KvLookup kv) {
        Map<String, Object> context = new HashMap<>(variables.size() + 2);
        Map<String, Object> kvRoot = KvValues.root(kv);
        context.put("kv", kvRoot);
        context.put("st2kv", kvRoot); // StackStorm's name, so rules port unchanged
        variables.forEach((name, value) -> context.put(name, JinjaValues.wrap(value)));
        return context;
    }

    private String renderText(String template, Map<String, Object> context) {
        return renderText(template, template, context);
    }

    /** Renders {@code template}; errors name {@code shown}, the template as the user wrote it. */
    private String renderText(String template, String shown, Map<String, Object> variables) {
        return interpret(shown, variables, i -> renderChecked(i, template));
    }

    /**
     * Runs one rendering step with a fresh interpreter, within the {@link TemplateLimits}; Jinjava's errors and a
     * limit hit become TemplateExceptions naming {@code shown}.
     */
    private <T> T interpret(String shown, Map<String, Object> variables, Function<JinjavaInterpreter, T> step) {
        JinjavaInterpreter interpreter = new DataInterpreter(
                jinjava, new RenderScope(jinjava.getGlobalContext(), variables), jinjava.getGlobalConfig());
        T result;
        JinjavaInterpreter.pushCurrent(interpreter);
        try (RenderBudget budget = RenderBudget.start(limits)) {
            try {
                result = step.apply(interpreter);
            } catch (UnknownTokenException e) {
                throw budget.exceeded() != null
                        ? TemplateException.failed(shown, budget.exceeded(), null)
                        : undefined(shown, e.getToken(), variables);
            } catch (StackOverflowError e) {
                throw TemplateException.failed(shown, "it nests too deeply to be evaluated", null);
            } catch (RuntimeException e) {
                throw TemplateException.failed(shown, budget.exceeded() != null ? budget.exceeded() : describe(e), e);
            }
            if (budget.exceeded() != null) {
                throw TemplateException.failed(shown, budget.exceeded(), null);
            }
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        for (TemplateError error : interpreter.getErrorsCopy()) {
            if (error.getException() instanceof UnknownTokenException e) {
                throw undefined(shown, e.getToken(), variables);
            }
            String message = error.getMessage() == null ? "" : error.getMessage();
            if (message.contains(UNKNOWN_TOKEN)) {
                throw undefined(
                        shown, message.substring(message.indexOf(UNKNOWN_TOKEN) + UNKNOWN_TOKEN.length()), variables);
            }
            if (error.getSeverity() == TemplateError.ErrorType.FATAL
                    || error.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR
                    || error.getReason() == TemplateError.ErrorReason.DISABLED
                    || error.getReason() == TemplateError.ErrorReason.OUTPUT_TOO_BIG
                    || error.getReason() == TemplateError.ErrorReason.COLLECTION_TOO_BIG
                    || message.startsWith("Max recursion limit")
                    || message.startsWith("Cycle detected")) {
                throw TemplateException.failed(shown, message, error.getException());
            }
        }
        return result;
    }

    /**
     * Jinjava's expression parser takes time that grows much faster than the nesting of brackets (20,000 nested
     * parentheses: minutes), before any budget check can run; so an expression may nest them only as deep as tags.
     */
    private void checkBrackets(String expression) {
        if (expression == null) {
            return;
        }
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                if (++depth > limits.maxNesting()) {
                    throw RenderBudget.exceed(
                            "an expression nests brackets more than " + limits.maxNesting() + " deep");
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
    }

    /** Parses, checks how deeply the tags nest, renders. */
    private String renderChecked(JinjavaInterpreter interpreter, String template) {
        Node root = interpreter.parse(template);
        checkNesting(root);
        return interpreter.render(root);
    }

    private void checkNesting(Node root) {
        java.util.ArrayDeque<Map.Entry<Node, Integer>> pending = new java.util.ArrayDeque<>();
        pending.push(Map.entry(root, 0));
        while (!pending.isEmpty()) {
            Map.Entry<Node, Integer> next = pending.pop();
            if (next.getValue() > limits.maxNesting()) {
                throw RenderBudget.exceed("its tags nest more than " + limits.maxNesting() + " deep");
            }
            Node node = next.getKey();
            if (node instanceof ExpressionNode expression) {
                checkBrackets(((com.hubspot.jinjava.tree.parse.ExpressionToken) expression.getMaster()).getExpr());
            } else if (node instanceof TagNode tag) {
                checkBrackets(tag.getHelpers());
            }
            for (Node child : node.getChildren()) {
                pending.push(Map.entry(child, next.getValue() + 1));
            }
        }
    }

    /**
     * Prints a string value as itself. Jinjava's Python-like printing (kept for dicts, lists, booleans: {@code {'a':
     * True}}) writes a string as a quoted literal and then undoes only some of its escapes, so a value holding a
     * control character (NUL, ESC...) came out with {@code \\u0000} instead of the character.
     */
    private static final class DataInterpreter extends JinjavaInterpreter {
        DataInterpreter(Jinjava application, Context context, JinjavaConfig config) {
            super(application, context, config);
        }

        @Override
        public String getAsString(Object object) {
            if (object instanceof CharSequence text) {
                return text.toString();
            }
            if (object instanceof com.hubspot.jinjava.objects.SafeString safe) {
                return safe.toString();
            }
            return super.getAsString(object);
        }
    }

    /**
     * The root scope of one rendering, under the shared global context (filters, functions, tags). Jinjava's
     * renderForResult copies the whole global context on every call instead (every library re-registered by
     * reflection, ~0.3 ms); sharing it is safe because this scope keeps Jinjava's bookkeeping, which otherwise
     * propagates up to the root, from reaching the shared context: renders on many threads never write to it.
     */
    private static final class RenderScope extends Context {
        RenderScope(Context global, Map<String, ?> variables) {
            super(global, variables);
        }

        @Override
        public void addResolvedExpression(String expression) {}

        @Override
        public void addResolvedValue(String value) {}

        @Override
        public void addResolvedFunction(String function) {}

        @Override
        public void addDependency(String key, String dependency) {}

        @Override
        public void addDependencies(SetMultimap<String, String> dependencies) {}
    }

    /** For tests: how many bookkeeping entries rendering has left in the shared global context (should be none). */
    int sharedContextEntries() {
        Context global = jinjava.getGlobalContext();
        return global.getResolvedExpressions().size()
                + global.getResolvedValues().size()
                + global.getResolvedFunctions().size()
                + global.getDependencies().size()
                + global.getScope().size();
    }

    private static TemplateException undefined(String template, String expression, Map<String, Object> context) {
        String variable = TemplateVariables.undefinedIn(expression, context);
        return TemplateException.undefined(template, variable != null ? variable : expression.strip());
    }

    private static String describe(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /** Python's json.loads, or null where it would raise ValueError. */
    static JsonNode tryParseJson(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return PY_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
