package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every YAQL expression of the Orquesta conformance cases (shared/conformance/orquesta, delimiters stripped as
 * Orquesta strips them), evaluated with stubs of Orquesta's workflow functions registered as the conductor will.
 */
class ConformanceExpressionsTest {
    static final List<String> EXPRESSIONS = List.of("""
            <% succeeded()
            completed()
            ctx("greeting")
            ctx('greeting')
            ctx().a
            ctx().a1
            ctx().a2
            ctx().a3
            ctx().a4
            ctx().a5
            ctx().action_input
            ctx().action_name
            ctx().b
            ctx().b1
            ctx().b2
            ctx().b3
            ctx().b4
            ctx().c
            ctx().cheer
            ctx().count + 1
            ctx().count < 2
            ctx().delay
            ctx().error
            ctx().file
            ctx().foo
            ctx().foo + ctx().bar
            ctx().foobar
            ctx().foobar.fubar
            ctx().fork1
            ctx().fork5
            ctx().fork6
            ctx().fork7
            ctx().fork8
            ctx().fu + ctx().bar
            ctx().fubar.foobar
            ctx().greeting
            ctx().macro
            ctx().message
            ctx().msg1
            ctx().msg2
            ctx().msg3
            ctx().msg4
            ctx().name
            ctx().task_status_at_publish
            ctx().var1
            ctx().var2
            ctx().work
            ctx().x
            ctx().x + ctx().y + ctx().z
            ctx().y.value
            ctx(concurrency)
            ctx(domains)
            ctx(items)
            ctx(loop) = true
            ctx(members)
            ctx(size)
            ctx(t1_items)
            ctx(t2_items)
            ctx(task1_status)
            ctx(task2_status)
            ctx(task3_status)
            ctx(xs)
            ctx(ys)
            failed()
            item()
            item(x)
            item(x) + item(y)
            item(y)
            not ctx().fork1
            not ctx().fork5
            not ctx().fork6
            not ctx().fork7
            not ctx().fork8
            result()
            result().response.foobar
            result().status_code = 400
            str(random(1000000, 9999999))
            succeeded()
            succeeded() and ctx().count < 2
            succeeded() and ctx().fork2
            succeeded() and ctx().fork3
            succeeded() and ctx().fork4
            succeeded() and ctx().proceed
            succeeded() and ctx().which = "a"
            succeeded() and ctx().which = "b"
            succeeded() and ctx(a)
            succeeded() and ctx(b)
            succeeded() and not ctx().fork2
            succeeded() and not ctx().fork3
            succeeded() and not ctx().fork4
            succeeded() and not ctx().proceed
            succeeded() and not ctx().which in list(a, b)
            succeeded() and not result()
            succeeded() and result()
            succeeeded()
            task_status(task1)
            task_status(task2)
            task_status(task3)
            zip(ctx(xs), ctx(ys))
            zip(list(1, 2), list(a, b))
            """.strip().split("\n"));

    /** Orquesta's ctx(), item(), result(), task_status(), succeeded()... over fixed state. */
    static YaqlFunctions orquesta(Map<String, Object> vars, Object item, Object result, String status) {
        return Yaql.standardFunctions()
                .register("ctx", (args, kw, c) -> {
                    if (args.isEmpty() || args.get(0) == null || "".equals(args.get(0))) {
                        Map<String, Object> visible = new LinkedHashMap<>(vars);
                        visible.keySet().removeIf(k -> k.startsWith("__"));
                        return visible;
                    }
                    String key = (String) args.get(0);
                    if (!vars.containsKey(key)) {
                        throw new YaqlEvaluationException(
                                "VariableUndefinedError", "The variable \"" + key + "\" is undefined.");
                    }
                    if (key.startsWith("__")) {
                        throw new YaqlEvaluationException(
                                "VariableInaccessibleError",
                                "The variable \"" + key + "\" is for internal use and inaccessible.");
                    }
                    return vars.get(key);
                })
                .register("item", (args, kw, c) -> {
                    if (args.isEmpty()) {
                        return item;
                    }
                    if (!(item instanceof Map<?, ?> m)) {
                        throw new YaqlEvaluationException(
                                "ExpressionEvaluationException", "Item is not type of collections.abc.Mapping.");
                    }
                    return m.get(args.get(0));
                })
                .register("result", (args, kw, c) -> result)
                .register("task_status", (args, kw, c) -> status)
                .register("succeeded", (args, kw, c) -> "succeeded".equals(status))
                .register("failed", (args, kw, c) -> "failed".equals(status))
                .register(
                        "completed",
                        (args, kw, c) -> Set.of("succeeded", "failed", "expired", "abandoned", "canceled")
                                .contains(status));
    }

    static Map<String, Object> vars() {
        Map<String, Object> v = new LinkedHashMap<>();
        for (String name : List.of(
                "a",
                "a1",
                "a2",
                "a3",
                "a4",
                "a5",
                "action_input",
                "action_name",
                "b",
                "b1",
                "b2",
                "b3",
                "b4",
                "c",
                "cheer",
                "delay",
                "error",
                "file",
                "foo",
                "bar",
                "fu",
                "greeting",
                "macro",
                "message",
                "msg1",
                "msg2",
                "msg3",
                "msg4",
                "name",
                "task_status_at_publish",
                "var1",
                "var2",
                "work",
                "x",
                "y",
                "z",
                "concurrency",
                "domains",
                "members",
                "size",
                "t1_items",
                "t2_items",
                "task1_status",
                "task2_status",
                "task3_status",
                "fubar")) {
            v.put(name, name + "-value");
        }
        v.put("count", 1L);
        v.put("y", Map.of("value", "why"));
        v.put("foobar", "fubar"); // a string: .fubar on it is the conformance cases' expected error
        v.put("which", "a");
        v.put("proceed", true);
        v.put("loop", true);
        for (int i = 1; i <= 8; i++) {
            v.put("fork" + i, i % 2 == 0);
        }
        v.put("xs", List.of(1L, 2L));
        v.put("ys", List.of("a", "b"));
        v.put("__state", Map.of());
        return v;
    }

    static Object evaluate(String expression, YaqlFunctions functions) throws Exception {
        return Yaql.parse(expression).evaluate(new YaqlContext(null, functions));
    }

    static Stream<String> expressions() {
        return EXPRESSIONS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void everyExpressionParsesOrFailsAsOrquestaReportsIt(String expression) {
        if (expression.startsWith("<%")) {
            assertThatThrownBy(() -> Yaql.parse(expression))
                    .isInstanceOf(YaqlSyntaxException.class)
                    .hasMessage("Parse error: unexpected '<' at position 0 of expression '" + expression + "'");
            return;
        }
        try {
            assertThat(Yaql.parse(expression).source()).isEqualTo(expression);
        } catch (YaqlSyntaxException e) {
            throw new AssertionError(expression + ": " + e.getMessage(), e);
        }
    }

    /** The expressions meant to evaluate: the others fail on purpose in their cases (errorsTheConformanceCasesExpect). */
    static Stream<String> evaluableExpressions() {
        return EXPRESSIONS.stream()
                .filter(expression -> !(expression.startsWith("<%")
                        || expression.equals("succeeeded()")
                        || expression.contains(".foobar")
                        || expression.contains("ctx().foobar.")
                        || expression.contains("ctx(items)")
                        || expression.equals("ctx().x + ctx().y + ctx().z"))); // inspection only; y is a dict here
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluableExpressions")
    void everyExpressionEvaluatesWithTheWorkflowFunctions(String expression) throws Exception {
        YaqlFunctions functions = orquesta(vars(), Map.of("x", 2L, "y", 3L), Map.of("status_code", 400L), "succeeded");
        Object v = evaluate(expression, functions);
        assertThat(v == null
                        || v instanceof Boolean
                        || v instanceof Long
                        || v instanceof String
                        || v instanceof List
                        || v instanceof Map)
                .as(expression)
                .isTrue();
    }

    @Test
    void valuesTheWorkflowsRelyOn() throws Exception {
        YaqlFunctions f = orquesta(vars(), Map.of("x", 2L, "y", 3L), Map.of("status_code", 400L), "succeeded");
        assertThat(evaluate("ctx().count + 1", f)).isEqualTo(2L);
        assertThat(evaluate("succeeded() and ctx().count < 2", f)).isEqualTo(true);
        assertThat(evaluate("succeeded() and ctx().which = \"a\"", f)).isEqualTo(true);
        assertThat(evaluate("succeeded() and ctx().which = \"b\"", f)).isEqualTo(false);
        assertThat(evaluate("succeeded() and not ctx().which in list(a, b)", f)).isEqualTo(false);
        assertThat(evaluate("succeeded() and ctx().fork2", f)).isEqualTo(true);
        assertThat(evaluate("succeeded() and not ctx().fork3", f)).isEqualTo(true);
        assertThat(evaluate("not ctx().fork1", f)).isEqualTo(true);
        assertThat(evaluate("ctx(loop) = true", f)).isEqualTo(true);
        assertThat(evaluate("ctx('greeting')", f)).isEqualTo("greeting-value");
        assertThat(evaluate("ctx(\"greeting\")", f)).isEqualTo("greeting-value");
        assertThat(evaluate("ctx().y.value", f)).isEqualTo("why");
        assertThat(evaluate("zip(ctx(xs), ctx(ys))", f)).isEqualTo(List.of(List.of(1L, "a"), List.of(2L, "b")));
        assertThat(evaluate("zip(list(1, 2), list(a, b))", f)).isEqualTo(List.of(List.of(1L, "a"), List.of(2L, "b")));
        assertThat(evaluate("item(x) + item(y)", f)).isEqualTo(5L);
        assertThat(evaluate("item()", f)).isEqualTo(Map.of("x", 2L, "y", 3L));
        assertThat(evaluate("result().status_code = 400", f)).isEqualTo(true);
        assertThat(evaluate("succeeded() and not result()", f)).isEqualTo(false);
        assertThat(evaluate("task_status(task1)", f)).isEqualTo("succeeded");
        assertThat(evaluate("completed()", f)).isEqualTo(true);
        assertThat(evaluate("failed()", f)).isEqualTo(false);
        assertThat((String) evaluate("str(random(1000000, 9999999))", f))
                .hasSize(7)
                .containsOnlyDigits();
        assertThat(evaluate("ctx()", f))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .doesNotContainKey("__state")
                .containsEntry("count", 1L);
    }

    @Test
    void errorsTheConformanceCasesExpect() {
        YaqlFunctions f = orquesta(vars(), null, "plain text", "succeeded");
        assertThat(YaqlCases.run("ctx().foobar.fubar", null, f))
                .isEqualTo("NoFunctionRegisteredException: Unknown function \"#property#fubar\"");
        assertThat(YaqlCases.run("ctx().fubar.foobar", null, f))
                .isEqualTo("NoFunctionRegisteredException: Unknown function \"#property#foobar\"");
        assertThat(YaqlCases.run("result().response.foobar", null, f))
                .isEqualTo("NoFunctionRegisteredException: Unknown function \"#property#response\"");
        assertThat(YaqlCases.run("ctx(items)", null, f))
                .isEqualTo("VariableUndefinedError: The variable \"items\" is undefined.");
        assertThat(YaqlCases.run("ctx('__state')", null, f))
                .isEqualTo("VariableInaccessibleError: The variable \"__state\" is for internal use and inaccessible.");
        assertThat(YaqlCases.run("succeeeded()", null, f))
                .isEqualTo("NoFunctionRegisteredException: Unknown function \"succeeeded\"");
        assertThat(YaqlCases.run("ctx().missing", null, f))
                .as("a missing key of a dict is Python's KeyError")
                .isEqualTo("KeyError: 'missing'");
    }

    /** When the shared conformance data lies beside the repository, scan it for expressions not listed here. */
    @Test
    void theSharedConformanceCasesHoldNoOtherExpression() throws IOException {
        Path dir = Path.of(System.getProperty("squall.root", "."), "..", "shared", "conformance", "orquesta");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no shared/conformance/orquesta beside the repository");
        Set<String> found = new TreeSet<>();
        Pattern delimited = Pattern.compile("<%.*?%>");
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cases", "cases-rerun", "cases-inspection")) {
            if (Files.isDirectory(dir.resolve(sub))) {
                try (Stream<Path> s = Files.list(dir.resolve(sub))) {
                    s.filter(p -> p.toString().endsWith(".yaml")).forEach(files::add);
                }
            }
        }
        for (Path p : files) {
            Matcher m = delimited.matcher(Files.readString(p));
            while (m.find()) {
                // Orquesta's strip_delimiter: strip the characters '<', '%', '>', then whitespace
                found.add(m.group().replaceAll("^[<%>]+|[<%>]+$", "").strip());
            }
        }
        found.remove(".*?"); // from the regex Orquesta prints in one inspection message
        assertThat(found).isNotEmpty();
        assertThat(EXPRESSIONS).containsAll(found);
    }
}
