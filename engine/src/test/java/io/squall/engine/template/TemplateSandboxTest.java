package io.squall.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Templates are written by namespace users and render in the operator: each limit of {@link TemplateLimits} and the
 * allow-list of {@link SandboxResolver} fails the one rendering that crosses it, with a message naming the template
 * and the limit, and the renderer goes on serving other templates.
 */
class TemplateSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A short render time limit keeps the tests that hit it quick. */
    private static final TemplateRenderer RENDERER =
            new TemplateRenderer(TemplateLimits.DEFAULTS.withRenderTimeout(Duration.ofMillis(300)));
    /** For the other limits: a time limit a loaded machine never reaches first, so only the limit under test fires. */
    private static final TemplateRenderer ROOMY =
            new TemplateRenderer(TemplateLimits.DEFAULTS.withRenderTimeout(Duration.ofSeconds(60)));

    private static final Map<String, JsonNode> VARS = Map.of("trigger", json("""
            {"body": {"name": "st2", "tags": ["a", "b"], "m": {"x": 1}}}"""));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String render(String template) {
        return ROOMY.render(template, VARS, KvLookup.EMPTY);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> fails(String template) {
        return assertThatThrownBy(() -> render(template))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template '" + template.substring(0, Math.min(template.length(), 40)));
    }

    /** A template expected to run into the (short) render time limit. */
    private static AbstractThrowableAssert<?, ? extends Throwable> timesOut(String template) {
        return assertThatThrownBy(() -> RENDERER.render(template, VARS, KvLookup.EMPTY))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template '" + template.substring(0, Math.min(template.length(), 40)));
    }

    @Test
    void aHugeRangeFailsAtOnceInsteadOfLoopingOrRunningShort() {
        fails("{% for i in range(100000000) %}x{% endfor %}")
                .hasMessageEndingWith("cannot be rendered: range(100000000) would make 100000000 values, over the "
                        + "limit of 10000");
        fails("{{ range(0, 30000, 2) | length }}").hasMessageContaining("range(0, 30000, 2) would make 15000 values");
        assertThat(render("{{ range(3) }} {{ range(2, 10, 3) }} {{ range(5, 0, -2) }} {{ range(10000) | length }}"))
                .isEqualTo("[0, 1, 2] [2, 5, 8] [5, 3, 1] 10000");
    }

    @Test
    void aLoopThatRunsTooLongIsStoppedAtTheRenderTimeLimit() {
        long start = System.nanoTime();
        timesOut("{% for i in range(10000) %}{% for j in range(10000) %}{% set x = i %}{% endfor %}{% endfor %}")
                .hasMessageEndingWith("rendering took longer than the limit of 300 ms");
    }

    @Test
    void deeplyNestedAndRecursiveMacrosAreBounded() {
        StringBuilder doubling = new StringBuilder("{% macro m0() %}x{% endmacro %}");
        for (int i = 1; i <= 40; i++) {
            doubling.append("{% macro m")
                    .append(i)
                    .append("() %}{{ m")
                    .append(i - 1)
                    .append("() }}{{ m")
                    .append(i - 1)
                    .append("() }}{% endmacro %}");
        }
        long start = System.nanoTime();
        timesOut(doubling + "{{ m40() | length }}")
                .hasMessageEndingWith("rendering took longer than the limit of 300 ms");

        fails("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
                .hasMessageEndingWith("Max recursion limit of 20 reached for macro 'f'");
        assertThat(render("{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% endif %}x{% endmacro %}{{ f(5) }}"))
                .as("recursion within the limit works, as in Jinja")
                .isEqualTo("xxxxxx");
    }

    @Test
    void outputAndEveryStringBuiltOnTheWayAreBounded() {
        fails("{% for i in range(10000) %}" + "x".repeat(200) + "{% endfor %}")
                .hasMessageContaining("over limit of 1048576");
        fails("{% set s = 'a' %}{% for i in range(40) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}")
                .hasMessageContaining("over limit of 1048576");
        fails("{{ '%999999999d' | format(1) }}")
                .hasMessageEndingWith(
                        "filter 'format': the width or precision in '%999999999' is over the limit of 1048576 characters");
        fails("{{ 'x' | center(999999999) }}").hasMessageContaining("filter 'center' would make 1000000000 characters");
        fails("{{ trigger.body.name | indent(999999999) }}").hasMessageContaining("filter 'indent' would make");
        fails("{% set s = 'aaaaaaaaaa' %}{% for i in range(10) %}{% set s = s | replace('a', 'aaaaaaaaaa') %}"
                        + "{% endfor %}")
                .hasMessageContaining("filter 'replace' would make 10000000 characters");
        fails("{% set l = [] %}{% for i in range(1000) %}{% do l.append('" + "x".repeat(10_000) + "') %}{% endfor %}"
                        + "{{ l | join | length }}")
                .hasMessageContaining("filter 'join' would make");
        fails("{% set s = 'a' * 2 %}").hasMessageContaining("Cannot coerce");
        fails("{{ 'aaaaaaaaaa' | regex_replace('a', '" + "b".repeat(200_000) + "') }}")
                .hasMessageEndingWith("filter 'regex_replace' would make more than 1048576 characters");
        fails("{{ trigger.body | to_json_string(1000000000) }}").hasMessageContaining("indent 1000000000 is over");
    }

    @Test
    void listsAndDictsAreBounded() {
        fails("{% set l = [1] %}{% for i in range(40) %}{% set l = l + l %}{% endfor %}")
                .hasMessageContaining("Collection of size 16384 is greater than the maximum size of 10000");
        fails("{{ 'xy' | batch(100000000, 'z') | list | length }}")
                .hasMessageEndingWith("filter 'batch': 100000000 is over the limit of 10000 elements");
        TemplateRenderer small =
                new TemplateRenderer(new TemplateLimits(1 << 20, 10_000, 100, 20, 100, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> small.render(
                        "{% set l = [] %}{% for i in range(101) %}{% do l.append(i) %}{% endfor %}",
                        VARS, KvLookup.EMPTY))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("greater than the maximum size of 100");
    }

    @Test
    void tagsAndBracketsNestOnlySoDeep() {
        assertThat(render("{% if true %}".repeat(50) + "x" + "{% endif %}".repeat(50)))
                .isEqualTo("x");
        fails("{% if true %}".repeat(5000) + "x" + "{% endif %}".repeat(5000))
                .hasMessageEndingWith("its tags nest more than 100 deep");
        long start = System.nanoTime();
        fails("{{ " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + " }}")
                .hasMessageEndingWith("an expression nests brackets more than 100 deep");
        assertThatThrownBy(() -> ROOMY.renderValue(
                        "{{ " + "[".repeat(5000) + "1" + "]".repeat(5000) + " }}", VARS, KvLookup.EMPTY))
                .hasMessageEndingWith("an expression nests brackets more than 100 deep");
        assertThat(
                        render(
                                "{{ '(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((' }}"))
                .as("brackets in a string literal are text")
                .startsWith("((((");
    }

    @Test
    void aCatastrophicRegularExpressionIsStoppedAtTheRenderTimeLimit() {
        long start = System.nanoTime();
        timesOut("{{ '" + "1".repeat(40) + "' | regex_search('(\\\\d+)*\\\\1x') }}")
                .hasMessageEndingWith("rendering took longer than the limit of 300 ms");
    }

    @Test
    void onlyJsonValuesTheirPythonMethodsAndPlainStringMethodsAreReachable() {
        fails("{{ 'x'.getClass() }}").hasMessageContaining("method 'getClass' cannot be called on a string");
        fails("{{ trigger.body.name.getClass().forName('java.lang.Runtime') }}")
                .hasMessageContaining("method 'getClass' cannot be called on a string");
        fails("{{ 'x'.repeat(1000000000) }}").hasMessageContaining("method 'repeat' cannot be called on a string");
        fails("{{ 'a,b'.split(',') }}").hasMessageContaining("method 'split' cannot be called on a string");
        fails("{{ trigger.body.m.getClass() }}").hasMessageContaining("method 'getClass' cannot be called on a dict");
        fails("{{ trigger.body.tags.hashCode() }}").hasMessageContaining("cannot be called on a list");
        fails("{{ (1).toString() }}").hasMessageContaining("cannot be called on a number");
        fails("{{ 'x'.bytes }}").hasMessageEndingWith("references undefined variable ''x'.bytes'");
        fails("{{ trigger.body | attr('class') }}").hasMessageContaining("undefined variable");
        fails("{{ ____int3rpr3t3r____.getContext() }}").hasMessageContaining("method 'getContext' cannot be called");
        fails("{{ ____int3rpr3t3r____.context }}").hasMessageContaining("undefined variable");

        assertThat(render("{{ trigger.body.name.toUpperCase() }} {{ trigger.body.name.startsWith('s') }}"
                        + " {{ ' pad '.strip() }}"))
                .isEqualTo("ST2 true pad");
        assertThat(render("{% for k, v in trigger.body.m.items() %}{{ k }}={{ v }}{% endfor %} "
                        + "{{ trigger.body.m.keys() }} {{ trigger.body.m.get('x') }}"))
                .isEqualTo("x=1 ['x'] 1");
        assertThat(render("{% set l = [] %}{% do l.append(1) %}{% do l.extend([2]) %}{{ l }}|"
                        + "{% for t in trigger.body.tags %}{{ loop.index }}{{ loop.cycle('a', 'b') }}{% endfor %}"))
                .isEqualTo("[1, 2]|1a2b");
        assertThat(render("{% set ns = namespace(a=1) %}{% set ns.a = 2 %}{{ ns.a }}"))
                .isEqualTo("2");
    }

    @Test
    void noTemplateCanReadOrEvaluateAnotherTemplate() {
        fails("{% include 'application.properties' %}")
                .hasMessageEndingWith("templates cannot read other templates ('application.properties')");
        fails("{% import 'macros.j2' as m %}").hasMessageContaining("templates cannot read other templates");
        fails("{% from 'macros.j2' import m %}").hasMessageContaining("templates cannot read other templates");
        fails("{% extends 'base.j2' %}").hasMessageContaining("templates cannot read other templates");
        fails("{{ '{{ 7*7 }}' | render }}")
                .hasMessageEndingWith(
                        "filter 'render' is not available: it would evaluate a value as a template, and values are data");
    }

    @Test
    void aTemplateThatHitsALimitNeverStallsTheOthers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> runaway = pool.submit(() -> assertThatThrownBy(() -> RENDERER.render(
                            "{% for i in range(10000) %}{% for j in range(10000) %}{{ '' }}{% endfor %}{% endfor %}",
                            VARS, KvLookup.EMPTY))
                    .hasMessageEndingWith("rendering took longer than the limit of 300 ms"));
            for (int i = 0; i < 100; i++) {
                assertThat(pool.submit(() -> render("hi {{ trigger.body.name }}"))
                                .get(5, TimeUnit.SECONDS))
                        .isEqualTo("hi st2");
            }
            runaway.get(10, TimeUnit.SECONDS);
            assertThat(render("{{ trigger.body.tags | join(',') }}"))
                    .as("the renderer still works")
                    .isEqualTo("a,b");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDefaultLimitsAreTheDocumentedOnes() {
        TemplateLimits limits = new TemplateRenderer().limits();
        assertThat(limits).isEqualTo(TemplateLimits.DEFAULTS);
        assertThat(limits.maxOutputChars()).isEqualTo(1 << 20);
        assertThat(limits.maxRange()).isEqualTo(10_000);
        assertThat(limits.maxCollectionSize()).isEqualTo(10_000);
        assertThat(limits.maxMacroDepth()).isEqualTo(20);
        assertThat(limits.maxNesting()).isEqualTo(100);
        assertThat(limits.renderTimeout()).isEqualTo(Duration.ofSeconds(2));
    }
}
