package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API the conductor uses: contexts, variables, registered functions, values and errors. */
class YaqlApiTest {
    private static Object eval(String expression, YaqlContext context) throws Exception {
        return Yaql.parse(expression).evaluate(context);
    }

    @Test
    void dataIsDollarAndVariablesAreDollarNames() throws Exception {
        YaqlContext root = new YaqlContext(Map.of("a", 1), Yaql.standardFunctions());
        YaqlContext child = root.withVariable("item", Map.of("x", 2)).withVariable("$n", 3);
        assertThat(eval("$.a + $item.x + $n", child)).isEqualTo(6L);
        assertThat(eval("$undefined", child)).isNull();
        assertThat(child.data()).isEqualTo(Map.of("a", 1L));
        assertThat(child.variable("item")).contains(Map.of("x", 2L));
        assertThat(child.variable("$item")).contains(Map.of("x", 2L));
        assertThat(child.variable("nothing")).isEmpty();
        assertThat(root.variable("item")).as("the parent is unchanged").isEmpty();
        YaqlContext withNull = root.withVariable("z", null);
        assertThat(withNull.variable("z")).isEqualTo(Optional.empty());
        assertThat(withNull.hasVariable("z")).isTrue();
        assertThat(withNull.hasVariable("y")).isFalse();
        assertThat(eval("$", root.withVariable("$", "replaced"))).isEqualTo("replaced");
        assertThat(eval("$", new YaqlContext(null, new YaqlFunctions()))).isNull();
    }

    @Test
    void inputIsNormalisedAndResultsAreTheValueModel() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("i", 1);
        data.put("s", (short) 2);
        data.put("big", new BigInteger("123456789012345678901234567890"));
        data.put("dec", new BigDecimal("1.5"));
        data.put("f", 2.5f);
        data.put("arr", new Object[] {1, "x", null});
        data.put("list", new ArrayList<>(List.of(1, 2)));
        data.put("json", new ObjectMapper().readTree("{\"n\": 7, \"l\": [true, null, 1.25]}"));
        YaqlContext c = new YaqlContext(data, Yaql.standardFunctions());
        assertThat(eval("$.i", c)).isEqualTo(1L);
        assertThat(eval("$.s + $.i", c)).isEqualTo(3L);
        assertThat(eval("$.big + 1", c)).isEqualTo(new BigInteger("123456789012345678901234567891"));
        assertThat(eval("$.dec", c)).isEqualTo(1.5);
        assertThat(eval("$.f", c)).isEqualTo(2.5);
        assertThat(eval("$.arr", c)).isEqualTo(java.util.Arrays.asList(1L, "x", null));
        assertThat(eval("$.json.n", c)).isEqualTo(7L);
        assertThat(eval("$.json.l", c)).isEqualTo(java.util.Arrays.asList(true, null, 1.25));
        Object list = eval("$.list.select($ * 2)", c);
        assertThat(list).isEqualTo(List.of(2L, 4L));
        assertThatThrownBy(() -> ((List<Object>) list).add(1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(eval("range(3)", c)).as("lazy results are materialised").isEqualTo(List.of(0L, 1L, 2L));
        assertThat(eval("{a => range(2)}", c)).isEqualTo(Map.of("a", List.of(0L, 1L)));
        assertThat(eval("regex('a.')", c))
                .as("a regex comes back as its pattern")
                .isEqualTo("a.");
        assertThatThrownBy(() -> new YaqlContext(new Object(), Yaql.standardFunctions()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a YAQL value");
        assertThatThrownBy(() -> eval("let(a => 1)", c))
                .isInstanceOf(YaqlEvaluationException.class)
                .hasMessageContaining("->");
    }

    @Test
    void registeredFunctionsGetEvaluatedArgumentsBareWordsAndKeywords() throws Exception {
        List<Object> seen = new ArrayList<>();
        YaqlFunctions f = Yaql.standardFunctions().register("probe", (args, kwargs, ctx) -> {
            seen.add(args);
            seen.add(kwargs);
            return ctx.variable("__vars").orElse("none");
        });
        YaqlContext c = new YaqlContext(null, f).withVariable("__vars", Map.of("k", "v"));
        assertThat(eval("probe(xs, 1 + 1, [1], range(2), pad => 0)", c)).isEqualTo(Map.of("k", "v"));
        assertThat(seen).containsExactly(List.of("xs", 2L, List.of(1L), List.of(0L, 1L)), Map.of("pad", 0L));
        assertThat(YaqlCases.run("probe('k' => 1)", null, f))
                .isEqualTo("MappingTranslationException: Cannot convert mapping to keyword argument");
        assertThat(YaqlCases.run("'x'.probe()", null, f))
                .as("registered functions are no methods")
                .isEqualTo("NoMethodRegisteredException: Unknown method \"probe\" for receiver x");
        assertThat(f.names()).contains("probe", "len", "zip", "json_dump");
    }

    @Test
    void registeringReplacesTheFunctionFormOnly() throws Exception {
        YaqlFunctions f = Yaql.standardFunctions().register("zip", (args, kwargs, ctx) -> "mine");
        YaqlContext c = new YaqlContext(null, f);
        assertThat(eval("zip([1], [2])", c)).isEqualTo("mine");
        assertThat(eval("[1].zip([2])", c)).as("YAQL's zip method stays").isEqualTo(List.of(List.of(1L, 2L)));
        assertThat(eval("zip([1], [2])", new YaqlContext(null, Yaql.standardFunctions())))
                .as("each standardFunctions() is fresh")
                .isEqualTo(List.of(List.of(1L, 2L)));
        assertThat(eval("len_('abc')", c))
                .as("trailing underscores are dropped, as in YAQL")
                .isEqualTo(3L);
    }

    @Test
    void customErrorKindsAndPythonStyleDescriptions() {
        YaqlFunctions f = Yaql.standardFunctions().register("ctx", (args, kwargs, c) -> {
            throw new YaqlEvaluationException("VariableUndefinedError", "The variable \"items\" is undefined.");
        });
        assertThatThrownBy(() -> eval("ctx(items)", new YaqlContext(null, f)))
                .isInstanceOfSatisfying(YaqlEvaluationException.class, e -> {
                    assertThat(e.kind()).isEqualTo("VariableUndefinedError");
                    assertThat(e.getMessage()).isEqualTo("The variable \"items\" is undefined.");
                    assertThat(e.describe()).isEqualTo("VariableUndefinedError: The variable \"items\" is undefined.");
                });
        YaqlFunctions bad = Yaql.standardFunctions().register("bad", (args, kwargs, c) -> new Object());
        assertThat(YaqlCases.run("bad()", null, bad)).startsWith("TypeError: not a YAQL value");
    }

    @Test
    void errorKindsAreYaqlsExceptionNames() {
        assertThat(YaqlCases.run("foo()")).isEqualTo("NoFunctionRegisteredException: Unknown function \"foo\"");
        assertThat(YaqlCases.run("len(1)"))
                .isEqualTo("NoMatchingFunctionException: No function \"len\" matches supplied arguments");
        assertThat(YaqlCases.run("$.l.foo()"))
                .isEqualTo("NoMethodRegisteredException: Unknown method \"foo\" for receiver (1, 2, 3)");
        assertThat(YaqlCases.run("$.s.where($)"))
                .isEqualTo(
                        "NoMatchingMethodException: No method \"where\" for receiver str matches supplied arguments");
        assertThat(YaqlCases.run("$.s.x")).isEqualTo("NoFunctionRegisteredException: Unknown function \"#property#x\"");
        assertThat(YaqlCases.run("$.a.missing")).isEqualTo("KeyError: 'missing'");
        assertThat(YaqlCases.run("$.l[10]")).isEqualTo("IndexError: tuple index out of range");
        assertThat(YaqlCases.run("1 / 0")).isEqualTo("ZeroDivisionError: integer division or modulo by zero");
        assertThat(YaqlCases.run("int('x')")).isEqualTo("ValueError: invalid literal for int() with base 10: 'x'");
        assertThat(YaqlCases.run("[].first()")).isEqualTo("StopIteration: ");
        assertThat(YaqlCases.run("1.assert($ > 1)")).isEqualTo("AssertionError: Assertion failed");
    }

    @Test
    void valueHelpers() {
        assertThat(YaqlValues.truthy(null)).isFalse();
        assertThat(YaqlValues.truthy(0L)).isFalse();
        assertThat(YaqlValues.truthy(0.0)).isFalse();
        assertThat(YaqlValues.truthy("")).isFalse();
        assertThat(YaqlValues.truthy(List.of())).isFalse();
        assertThat(YaqlValues.truthy(Map.of())).isFalse();
        assertThat(YaqlValues.truthy(false)).isFalse();
        assertThat(YaqlValues.truthy("0")).isTrue();
        assertThat(YaqlValues.truthy(List.of(0L))).isTrue();
        assertThat(YaqlValues.equal(1L, 1.0)).isTrue();
        assertThat(YaqlValues.equal(true, 1L)).isTrue();
        assertThat(YaqlValues.equal("1", 1L)).isFalse();
        assertThat(YaqlValues.equal(Map.of("a", 1L, "b", 2L), YaqlValues.normalize(Map.of("b", 2, "a", 1.0))))
                .isTrue();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", java.util.Arrays.asList(1L, "a", null, true, 1.5, 1e20));
        m.put("q", "it's");
        assertThat(YaqlValues.pythonStr(m)).isEqualTo("{'k': [1, 'a', None, True, 1.5, 1e+20], 'q': \"it's\"}");
        assertThat(YaqlValues.pythonStr("text")).isEqualTo("text");
        assertThat(YaqlValues.pythonStr(null)).isEqualTo("None");
        assertThat(YaqlValues.toJson(m).toString()).isEqualTo("{\"k\":[1,\"a\",null,true,1.5,1.0E20],\"q\":\"it's\"}");
        assertThat(YaqlValues.normalize(List.of(1, 2))).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void expressionsKeepTheirSource() throws Exception {
        YaqlExpression e = Yaql.parse(" ctx().a ");
        assertThat(e.source()).isEqualTo(" ctx().a ");
        assertThat(e).hasToString(" ctx().a ");
    }
}
