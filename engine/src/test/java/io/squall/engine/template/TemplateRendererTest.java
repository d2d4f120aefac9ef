package io.squall.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TemplateRenderer RENDERER = new TemplateRenderer();
    private static final KvLookup KV = KvLookup.of(Map.of("greeting", "hello", "asg.web.max", "5", "count", "3"));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final Map<String, JsonNode> VARS = Map.of("trigger", json("""
            {"body": {"name": "st2", "count": 3, "ratio": 0.5, "flag": true, "none": null,
                      "tags": ["a", "b"], "a.b": {"c": "dotted"}, "nested": {"x": 1}},
             "headers": {"X-Token": "t"}}"""));

    private static String render(String template) {
        return RENDERER.render(template, VARS, KV);
    }

    private static JsonNode value(String template) {
        return RENDERER.renderValue(template, VARS, KV);
    }

    @Test
    void rendersPayloadFieldsQuotedKeysAndLoops() {
        assertThat(render("hi {{ trigger.body.name }}")).isEqualTo("hi st2");
        assertThat(render("{{ trigger.body['a.b'].c }}")).isEqualTo("dotted");
        assertThat(render("{{ trigger.headers['X-Token'] }}")).isEqualTo("t");
        assertThat(render("{% for t in trigger.body.tags %}{{ t }}{% if not loop.last %},{% endif %}{% endfor %}"))
                .isEqualTo("a,b");
        assertThat(render("{{ trigger.body.name | upper }}")).isEqualTo("ST2");
        assertThat(render("no template")).isEqualTo("no template");
    }

    @Test
    void valuesAreDataTheyAreNeverRenderedAgain() {
        for (String hostile : io.squall.engine.HostileText.ALL) {
            Map<String, JsonNode> vars = Map.of(
                    "name",
                    JSON.getNodeFactory().textNode(hostile),
                    "trigger",
                    json("{\"body\": {\"name\": " + JSON.getNodeFactory().textNode(hostile) + "}}"));
            assertThat(RENDERER.render("{{ name }}", vars, KV))
                    .as("text of %s", hostile)
                    .isEqualTo(hostile);
            assertThat(RENDERER.render("Hello, {{ trigger.body.name }}!", vars, KV))
                    .isEqualTo("Hello, " + hostile + "!");
            assertThat(RENDERER.render("{% for n in [name] %}[{{ n }}]{% endfor %}", vars, KV))
                    .isEqualTo("[" + hostile + "]");
            assertThat(RENDERER.render("{{ name ~ '' }}{% set copy = name %}{{ copy }}", vars, KV))
                    .isEqualTo(hostile + hostile);
            assertThat(RENDERER.renderValue("{{ trigger.body.name }}", vars, KV).textValue())
                    .isEqualTo(hostile);
            assertThat(RENDERER.renderValue("<{{ trigger.body.name }}>", vars, KV)
                            .textValue())
                    .isEqualTo("<" + hostile + ">");
            assertThat(RENDERER.renderValue("{{ trigger.body }}", vars, KV)
                            .get("name")
                            .textValue())
                    .isEqualTo(hostile);
            assertThat(RENDERER.renderCriteriaPattern("{{ trigger.body.name }}", vars, KV)
                            .textValue())
                    .isEqualTo(hostile);
            assertThat(RENDERER.render("{{ kv.system.stored }}", Map.of(), KvLookup.of(Map.of("stored", hostile))))
                    .as("a datastore value is data too")
                    .isEqualTo(hostile);
        }
    }

    @Test
    void trimBlocksAndLstripBlocksAsInStackStorm() {
        assertThat(render("{% if trigger.body.flag %}\n    yes\n{% endif %}\n")).isEqualTo("    yes\n");
    }

    @Test
    void aNullFieldIsDefinedRendersAsNoneAndIsFalsy() {
        assertThat(render("{{ trigger.body.none }}")).isEqualTo("None");
        assertThat(render("{% if trigger.body.none %}y{% else %}n{% endif %}")).isEqualTo("n");
        assertThat(value("{{ trigger.body.none }}").isNull()).isTrue();
    }

    @Test
    void undefinedVariablesAreErrorsNamingTemplateAndVariable() {
        assertThatThrownBy(() -> render("{{ trigger.body.nme }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template '{{ trigger.body.nme }}' references undefined variable 'trigger.body.nme'")
                .satisfies(e ->
                        assertThat(((TemplateException) e).undefinedVariable()).isEqualTo("trigger.body.nme"));
        assertThatThrownBy(() -> render("pre {{ trigger.body.nested.y.z }} post"))
                .hasMessageContaining("undefined variable 'trigger.body.nested.y'");
        assertThatThrownBy(() -> render("{{ trigger.body.nme | upper }}"))
                .hasMessageContaining("undefined variable 'trigger.body.nme'");
        assertThatThrownBy(() -> render("{{ nope }}")).hasMessageContaining("undefined variable 'nope'");
        assertThatThrownBy(() -> render("{{ trigger.body.tags[5] }}"))
                .hasMessageContaining("undefined variable 'trigger.body.tags[5]'");
        assertThatThrownBy(() -> render("{{ trigger.body['x.y'] }}"))
                .hasMessageContaining("undefined variable 'trigger.body['x.y']'");
        assertThatThrownBy(() -> render("{% if trigger.body.missing %}x{% endif %}"))
                .hasMessageContaining("undefined variable 'trigger.body.missing'");
        assertThatThrownBy(() -> value("{{ trigger.body.nme }}"))
                .hasMessageContaining(
                        "template '{{ trigger.body.nme }}' references undefined variable 'trigger.body.nme'");
    }

    @Test
    void defaultAndIsDefinedHandleUndefinedLikeJinja() {
        assertThat(render("{{ trigger.body.nme | default('anon') }}")).isEqualTo("anon");
        assertThat(render("{% if trigger.body.nme is defined %}y{% else %}n{% endif %}"))
                .isEqualTo("n");
        assertThat(render("{{ trigger.body.none | default('x') }}"))
                .as("default applies to undefined only")
                .isEqualTo("None");
    }

    @Test
    void syntaxErrorsAreErrors() {
        assertThatThrownBy(() -> render("{{ trigger.body.name "))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template '{{ trigger.body.name ' cannot be rendered");
        assertThatThrownBy(() -> render("{% if %}x{% endif %}")).isInstanceOf(TemplateException.class);
    }

    @Test
    void aSingleExpressionKeepsItsType() {
        assertThat(value("{{ trigger.body.count }}")).isEqualTo(json("3"));
        assertThat(value("  {{ trigger.body.ratio }} ")).isEqualTo(json("0.5"));
        assertThat(value("{{ trigger.body.flag }}")).isEqualTo(json("true"));
        assertThat(value("{{ trigger.body.tags }}")).isEqualTo(json("[\"a\",\"b\"]"));
        assertThat(value("{{ trigger.body.nested }}")).isEqualTo(json("{\"x\":1}"));
        assertThat(value("{{ trigger.body.name }}")).isEqualTo(json("\"st2\""));
        assertThat(value("{{ trigger.body.count + 1 }}")).isEqualTo(json("4"));
        assertThat(value("{{ trigger.body.name ~ '!' }}")).isEqualTo(json("\"st2!\""));
        assertThat(value("{{ trigger.body.tags | length }}")).isEqualTo(json("2"));
        assertThat(value("{{- trigger.body.count -}}")).isEqualTo(json("3"));
        assertThat(value("n={{ trigger.body.count }}"))
                .as("not a single expression: text")
                .isEqualTo(json("\"n=3\""));
        assertThat(value("{{ trigger.body.count }}{{ trigger.body.count }}")).isEqualTo(json("\"33\""));
    }

    @Test
    void datastoreValuesAndMissingKeys() {
        assertThat(render("{{ kv.system.greeting }}, {{ st2kv.system.greeting }}"))
                .isEqualTo("hello, hello");
        assertThat(render("{{ kv.system.asg.web.max }}"))
                .as("dotted keys chain")
                .isEqualTo("5");
        assertThat(render("{{ kv.system['asg.web.max'] }}")).isEqualTo("5");
        assertThat(render("[{{ kv.system.nothing | default('') }}]"))
                .as("a missing key with a default")
                .isEqualTo("[]");
        assertThat(render("{{ kv.system.count | int + 1 }}")).isEqualTo("4");
        assertThat(value("{{ kv.system.count }}"))
                .as("datastore values are strings")
                .isEqualTo(json("\"3\""));
        assertThatThrownBy(() -> value("{{ kv.system.nothing }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("datastore key 'nothing' (scope system) does not exist");
        assertThat(render("{% if kv.system.nothing %}y{% else %}n{% endif %}")).isEqualTo("n");
    }

    @Test
    void stackStormFilters() {
        assertThat(render("{{ trigger.body.nested | to_json_string }}")).isEqualTo("{\"x\": 1}");
        assertThat(render("{{ trigger.body.tags | to_complex }}")).isEqualTo("[\"a\", \"b\"]");
        assertThat(render("{{ ('{\"k\": [1, 2]}' | from_json_string).k[1] }}")).isEqualTo("2");
        assertThat(render("{{ ('a: 1' | from_yaml_string).a }}")).isEqualTo("1");
        assertThat(render("{{ trigger.body.nested | to_yaml_string }}")).isEqualTo("x: 1\n");
        assertThat(render("{{ 'say \"hi\"' | json_escape }}")).isEqualTo("say \\\"hi\\\"");
        assertThat(render("{{ 'v1.2.3' | regex_replace('v(\\\\d+)', 'version-\\\\1') }}"))
                .isEqualTo("version-1.2.3");
        assertThat(render("{{ 'abc123' | regex_match('[a-z]+') }}")).isEqualTo("true");
        assertThat(render("{{ 'abc123' | regex_match('\\\\d') }}")).isEqualTo("false");
        assertThat(render("{{ 'abc123' | regex_search('\\\\d') }}")).isEqualTo("true");
        assertThat(render("{{ 'id=42, id=7' | regex_substring('id=(\\\\d+)', 1) }}"))
                .isEqualTo("7");
        assertThat(render("{{ '/var/log/app.log' | basename }} {{ '/var/log/app.log' | dirname }}"))
                .isEqualTo("app.log /var/log");
    }

    @Test
    void shellQuoteMakesOneWordThatBashReadsBackExactly() throws Exception {
        for (String hostile : io.squall.engine.HostileText.ALL) {
            if (hostile.contains("\u0000")) {
                continue; // no process argument can hold NUL; the runner refuses such a value
            }
            String command = RENDERER.render(
                    "printf '%s' {{ v | shell_quote }}",
                    Map.of("v", JSON.getNodeFactory().textNode(hostile)), KV);
            Process bash = new ProcessBuilder("bash", "-c", command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(bash.waitFor()).isZero();
            assertThat(out).as("bash -c %s", command).isEqualTo(hostile);
        }
        assertThat(render("{{ 'web-1.example.com:8080/a' | shell_quote }}"))
                .as("safe words stay as they are")
                .isEqualTo("web-1.example.com:8080/a");
        assertThat(render("{{ \"it's\" | shell_quote }}")).isEqualTo("'it'\"'\"'s'");
        assertThat(render("{{ '' | shell_quote }} {{ trigger.body.none | shell_quote }}"))
                .isEqualTo("'' ''");
        assertThat(render("{{ trigger.body.tags | shell_quote }} {{ ['a b', 'c'] | shell_quote }}"))
                .isEqualTo("a b 'a b' c");
        assertThat(render("{{ trigger.body.count | shell_quote }} {{ trigger.body.nested | shell_quote }}"))
                .isEqualTo("3 '{\"x\":1}'");
    }

    @Test
    void criteriaPatternsFollowStackStormsToComplexRule() {
        assertThat(RENDERER.renderCriteriaPattern("{{ trigger.body.count }}", VARS, KV))
                .isEqualTo(json("3"));
        assertThat(RENDERER.renderCriteriaPattern("{{trigger.body.flag}}", VARS, KV))
                .isEqualTo(json("true"));
        assertThat(RENDERER.renderCriteriaPattern("{{ trigger.body.name }}", VARS, KV))
                .isEqualTo(json("\"st2\""));
        assertThat(RENDERER.renderCriteriaPattern("pre{{ trigger.body.name }}post", VARS, KV))
                .as("not JSON after to_complex: plain rendering")
                .isEqualTo(json("\"prest2post\""));
        assertThat(RENDERER.renderCriteriaPattern("1{{ trigger.body.count }}", VARS, KV))
                .as("StackStorm's quirk: '13' is valid JSON")
                .isEqualTo(json("13"));
        assertThat(RENDERER.renderCriteriaPattern("[{{ trigger.body.count }}, 4]", VARS, KV))
                .isEqualTo(json("[3, 4]"));
    }

    @Test
    void renderingOnManyThreadsLeavesTheSharedContextUntouched() throws Exception {
        TemplateRenderer renderer = new TemplateRenderer();
        int before = renderer.sharedContextEntries();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String template = "{% set n = " + i + " %}{{ trigger.body.name }}-{{ n }}-{{ kv.system.greeting }}"
                        + "{% macro m() %}x{% endmacro %}{{ m() }}";
                results.add(pool.submit(() -> renderer.render(template, VARS, KV)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo("st2-" + i + "-hellox");
            }
        } finally {
            pool.shutdown();
        }
        assertThat(renderer.sharedContextEntries()).isEqualTo(before).isZero();
    }

    @Test
    void referencedNamesAreTheTopLevelVariables() {
        assertThat(TemplateRenderer.referencedNames("{{ trigger.body.x }} {{ other | upper }} {{ 'lit' }}"))
                .containsExactly("trigger", "other");
        assertThat(TemplateRenderer.referencedNames("{% for i in items %}{{ i.name ~ sep }}{% endfor %}"))
                .containsExactly("i", "items", "sep");
        assertThat(TemplateRenderer.referencedNames("{{ x is defined }}{{ range(3) }}{{ a.b['c.d'] }}"))
                .containsExactly("x", "a");
    }
}
