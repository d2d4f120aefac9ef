package io.squall.engine.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.ParameterType;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterResolverTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ParameterResolver RESOLVER =
            new ParameterResolver(new TemplateRenderer(), KvLookup.of(Map.of("region", "eu-west-1", "replicas", "4")));
    private static final Map<String, JsonNode> CONTEXT = Map.of("trigger", yaml("""
            body: {name: web, count: 3, flag: true, tags: [a, b], meta: {owner: ops}, port: "8080", none: null}
            """));

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, JsonNode> params(String text) {
        try {
            return YAML.readValue(text, new TypeReference<LinkedHashMap<String, JsonNode>>() {});
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, ParameterSpec> spec(String text) {
        try {
            return YAML.readValue(text, new TypeReference<LinkedHashMap<String, ParameterSpec>>() {});
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Map<String, JsonNode> resolve(String given, String spec) {
        return RESOLVER.resolve(params(given), spec == null ? null : spec(spec), CONTEXT);
    }

    private static JsonNode cast(ParameterType type, String yamlValue) {
        return ParameterCaster.cast("p", type, yaml(yamlValue));
    }

    @Test
    void payloadValuesArriveByteForByteWhateverTheyContain() {
        Map<String, ParameterSpec> declared = spec("""
                text: {type: string}
                untyped: {}
                object: {type: object}
                array: {type: array}
                greeting: {type: string, default: "Hello, {{ text }}!"}
                """);
        for (String hostile : io.squall.engine.HostileText.ALL) {
            JsonNode value = YAML.getNodeFactory().textNode(hostile);
            Map<String, JsonNode> context = Map.of(
                    "trigger",
                    YAML.createObjectNode()
                            .set(
                                    "body",
                                    YAML.createObjectNode()
                                            .<com.fasterxml.jackson.databind.node.ObjectNode>set("v", value)
                                            .set("list", YAML.createArrayNode().add(value))));
            Map<String, JsonNode> resolved = RESOLVER.resolve(params("""
                    text: "{{ trigger.body.v }}"
                    untyped: "{{ trigger.body.v }}"
                    object: "{{ trigger.body }}"
                    array: ["{{ trigger.body.v }}", "{{ trigger.body.list }}"]
                    """), declared, context);
            assertThat(resolved.get("text").textValue())
                    .as("string parameter from %s", hostile)
                    .isEqualTo(hostile);
            assertThat(resolved.get("untyped").textValue()).isEqualTo(hostile);
            assertThat(resolved.get("object")).isEqualTo(context.get("trigger").get("body"));
            assertThat(resolved.get("array").get(0).textValue()).isEqualTo(hostile);
            assertThat(resolved.get("array").get(1).get(0).textValue()).isEqualTo(hostile);
            assertThat(resolved.get("greeting").textValue())
                    .as("a default that reads a parameter")
                    .isEqualTo("Hello, " + hostile + "!");
        }
    }

    @Test
    void resolveValuesTreatsValuesAsDataAndRendersOnlyTheDefaultsOfMissingParameters() {
        Map<String, ParameterSpec> declared = spec("""
                name: {type: string}
                count: {type: integer}
                greeting: {type: string, default: "Hello, {{ name }}!"}
                mode: {type: string, default: safe, immutable: true}
                """);
        Map<String, JsonNode> resolved = RESOLVER.resolveValues(params("""
                name: "{{ 7*7 }} {% if true %}x{% endif %}"
                count: "5"
                mode: safe
                """), declared, CONTEXT);
        assertThat(resolved.get("name").textValue()).isEqualTo("{{ 7*7 }} {% if true %}x{% endif %}");
        assertThat(resolved.get("count").intValue()).as("data is cast").isEqualTo(5);
        assertThat(resolved.get("greeting").textValue()).isEqualTo("Hello, {{ 7*7 }} {% if true %}x{% endif %}!");
        assertThat(resolved.get("mode").textValue()).isEqualTo("safe");
        assertThatThrownBy(() -> RESOLVER.resolveValues(params("{mode: unsafe}"), declared, CONTEXT))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("'mode': is immutable");
        assertThatThrownBy(() -> RESOLVER.resolveValues(params("{colour: red}"), declared, CONTEXT))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("'colour'");
    }

    @Test
    void literalNamesAreDataAmongTemplates() {
        Map<String, JsonNode> resolved = RESOLVER.resolve(params("""
                a: "{{ 1 + 1 }}"
                b: "{{ 2 + 2 }}"
                """), java.util.Set.of("b"), null, CONTEXT);
        assertThat(resolved.get("a").intValue()).isEqualTo(2);
        assertThat(resolved.get("b").textValue()).isEqualTo("{{ 2 + 2 }}");
    }

    @Test
    void givenValuesOverDefaultsInDeclarationOrder() {
        Map<String, JsonNode> resolved = resolve("{message: hi, timeout: 30}", """
                timeout: {type: integer, default: 60}
                message: {type: string, required: true}
                sudo: {type: boolean, default: false}
                cwd: {type: string}
                """);
        assertThat(resolved)
                .containsExactly(
                        Map.entry("timeout", yaml("30")),
                        Map.entry("message", yaml("hi")),
                        Map.entry("sudo", yaml("false")));
        assertThat(resolve("{timeout: null}", "timeout: {type: integer, default: 60}"))
                .as("a given null takes the default")
                .containsEntry("timeout", yaml("60"));
    }

    @Test
    void templatesRenderAgainstTriggerDatastoreAndOtherParameters() {
        Map<String, JsonNode> resolved = resolve("""
                url: "https://{{ host }}:{{ trigger.body.port }}/{{ trigger.body.name }}"
                host: "{{ trigger.body.name }}.{{ kv.system.region }}.example.com"
                replicas: "{{ kv.system.replicas }}"
                labels: {app: "{{ trigger.body.name }}", count: "{{ trigger.body.count }}"}
                """, """
                url: {type: string}
                host: {type: string}
                replicas: {type: integer}
                labels: {type: object}
                """);
        assertThat(resolved.get("host").textValue()).isEqualTo("web.eu-west-1.example.com");
        assertThat(resolved.get("url").textValue()).isEqualTo("https://web.eu-west-1.example.com:8080/web");
        assertThat(resolved.get("replicas")).as("rendered then cast").isEqualTo(yaml("4"));
        assertThat(resolved.get("labels")).isEqualTo(yaml("{app: web, count: 3}"));
    }

    @Test
    void defaultsMayBeTemplatesReferencingOtherParameters() {
        Map<String, JsonNode> resolved = resolve("{name: db}", """
                greeting: {type: string, default: "hello {{ name }}"}
                name: {type: string}
                """);
        assertThat(resolved.get("greeting").textValue()).isEqualTo("hello db");
    }

    @Test
    void aSingleExpressionKeepsItsTypeWhenNoTypeIsDeclared() {
        Map<String, JsonNode> resolved = resolve("""
                count: "{{ trigger.body.count }}"
                tags: "{{ trigger.body.tags }}"
                meta: "{{ trigger.body.meta }}"
                flag: "{{ trigger.body.flag }}"
                text: "n={{ trigger.body.count }}"
                literal: 5
                """, null);
        assertThat(resolved)
                .containsExactly(
                        Map.entry("count", yaml("3")),
                        Map.entry("tags", yaml("[a, b]")),
                        Map.entry("meta", yaml("{owner: ops}")),
                        Map.entry("flag", yaml("true")),
                        Map.entry("text", yaml("n=3")),
                        Map.entry("literal", yaml("5")));
    }

    @Test
    void aStringParameterRendersAsTextEvenForOneExpression() {
        assertThat(resolve("{msg: '{{ trigger.body.count }}'}", "msg: {type: string}")
                        .get("msg"))
                .isEqualTo(yaml("'3'"));
    }

    @Test
    void templateErrorsNameTheParameterTemplateAndVariable() {
        assertThatThrownBy(() -> resolve("{message: '{{ trigger.body.nme }}'}", "message: {type: string}"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("parameter 'message': template '{{ trigger.body.nme }}' references undefined variable "
                        + "'trigger.body.nme'")
                .extracting(e -> ((ParameterException) e).parameter())
                .isEqualTo("message");
        assertThatThrownBy(() -> resolve("{url: 'http://{{ host }}'}", "{url: {type: string}, host: {type: string}}"))
                .as("a parameter without value or default is undefined")
                .hasMessage("parameter 'url': template 'http://{{ host }}' references undefined variable 'host'");
        assertThatThrownBy(() -> resolve("{list: ['ok', '{{ trigger.x }}']}", null))
                .hasMessage("parameter 'list': template '{{ trigger.x }}' references undefined variable 'trigger.x'");
    }

    @Test
    void cyclesAreRejectedWithThePath() {
        assertThatThrownBy(() -> resolve("{a: '{{ b }}', b: '{{ c }}', c: '{{ a }}'}", null))
                .isInstanceOf(ParameterException.class)
                .hasMessage("cyclic dependency between parameters: a -> b -> c -> a");
        assertThatThrownBy(() -> resolve("{a: 'x{{ a }}'}", null))
                .hasMessage("cyclic dependency between parameters: a -> a");
    }

    @Test
    void unknownParametersAreRejectedLikeStackStormsAdditionalPropertiesFalse() {
        assertThatThrownBy(() -> resolve("{cmd: ls, colour: red}", "cmd: {type: string}"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("parameter 'colour': the action declares no such parameter (it declares: cmd)");
    }

    @Test
    void immutableParametersCannotBeOverridden() {
        String spec = "sudo: {type: boolean, default: false, immutable: true}";
        assertThat(resolve("{}", spec)).containsEntry("sudo", yaml("false"));
        assertThatThrownBy(() -> resolve("{sudo: true}", spec))
                .hasMessage("parameter 'sudo': is immutable; its default false cannot be overridden");
    }

    @Test
    void requiredParametersNeedAValue() {
        String spec = "message: {type: string, required: true}";
        assertThatThrownBy(() -> resolve("{}", spec))
                .hasMessage("parameter 'message': is required but has no value and no default");
        assertThatThrownBy(() -> resolve("{message: null}", spec)).hasMessageContaining("is required");
        assertThatThrownBy(() -> resolve("{message: '{{ trigger.body.none }}'}", "message: {required: true}"))
                .as("a template rendering null leaves it unset")
                .hasMessageContaining("is required");
        assertThat(resolve("{}", "message: {type: string, required: true, default: hi}"))
                .containsEntry("message", yaml("hi"));
    }

    @Test
    void enumValuesAreCheckedAfterCasting() {
        String spec = "level: {type: integer, enum: [1, 2, 3]}\nmode: {type: string, enum: [fast, safe]}";
        assertThat(resolve("{level: '2', mode: safe}", spec)).containsEntry("level", yaml("2"));
        assertThatThrownBy(() -> resolve("{level: 4}", spec))
                .hasMessage("parameter 'level': 4 is not one of the allowed values [1, 2, 3]");
        assertThatThrownBy(() -> resolve("{mode: '{{ trigger.body.name }}'}", spec))
                .hasMessage("parameter 'mode': \"web\" is not one of the allowed values [\"fast\", \"safe\"]");
    }

    @Test
    void castsFollowStackStorm() {
        assertThat(cast(ParameterType.STRING, "'x'")).isEqualTo(yaml("'x'"));
        assertThatThrownBy(() -> cast(ParameterType.STRING, "5"))
                .hasMessage("parameter 'p': must be a string, got int 5");
        assertThat(cast(ParameterType.INTEGER, "'42'")).isEqualTo(yaml("42"));
        assertThat(cast(ParameterType.INTEGER, "' -1_000 '")).isEqualTo(yaml("-1000"));
        assertThat(cast(ParameterType.INTEGER, "5.9")).as("int(5.9) truncates").isEqualTo(yaml("5"));
        assertThat(cast(ParameterType.INTEGER, "-5.9")).isEqualTo(yaml("-5"));
        assertThat(cast(ParameterType.INTEGER, "true")).isEqualTo(yaml("1"));
        assertThat(cast(ParameterType.INTEGER, "'123456789012345678901234567890'")
                        .bigIntegerValue())
                .hasToString("123456789012345678901234567890");
        assertThatThrownBy(() -> cast(ParameterType.INTEGER, "'4.5'"))
                .hasMessage("parameter 'p': cannot cast str \"4.5\" to integer");
        assertThatThrownBy(() -> cast(ParameterType.INTEGER, "[1]")).hasMessageContaining("cannot cast list");
        assertThat(cast(ParameterType.NUMBER, "'2.5'")).isEqualTo(yaml("2.5"));
        assertThat(cast(ParameterType.NUMBER, "3").doubleValue()).isEqualTo(3.0);
        assertThat(cast(ParameterType.NUMBER, "3").isDouble())
                .as("float(3) is 3.0")
                .isTrue();
        assertThat(cast(ParameterType.NUMBER, "'1e3'").doubleValue()).isEqualTo(1000.0);
        assertThatThrownBy(() -> cast(ParameterType.NUMBER, "'abc'"))
                .hasMessage("parameter 'p': cannot cast str \"abc\" to number");
        assertThat(cast(ParameterType.BOOLEAN, "'true'")).isEqualTo(yaml("true"));
        assertThat(cast(ParameterType.BOOLEAN, "'FALSE'")).isEqualTo(yaml("false"));
        assertThat(cast(ParameterType.BOOLEAN, "'True'")).isEqualTo(yaml("true"));
        assertThat(cast(ParameterType.BOOLEAN, "false")).isEqualTo(yaml("false"));
        assertThatThrownBy(() -> cast(ParameterType.BOOLEAN, "'yes'"))
                .hasMessage("parameter 'p': cannot cast 'yes' to boolean (use true or false)");
        assertThatThrownBy(() -> cast(ParameterType.BOOLEAN, "1"))
                .hasMessage("parameter 'p': must be a boolean, got int 1");
        assertThat(cast(ParameterType.OBJECT, "'{\"a\": [1, 2]}'")).isEqualTo(yaml("{a: [1, 2]}"));
        assertThat(cast(ParameterType.OBJECT, "\"{'a': True, 'b': None, 'c': u}\"".replace(", 'c': u", "")))
                .as("a Python literal (literal_eval)")
                .isEqualTo(yaml("{a: true, b: null}"));
        assertThat(cast(ParameterType.ARRAY, "\"['x', (1, 2), 3.5]\"")).isEqualTo(yaml("[x, [1, 2], 3.5]"));
        assertThat(cast(ParameterType.ARRAY, "[1]")).isEqualTo(yaml("[1]"));
        assertThatThrownBy(() -> cast(ParameterType.ARRAY, "'{\"a\": 1}'"))
                .hasMessage("parameter 'p': must be an array, got str \"{\\\"a\\\": 1}\"");
        assertThatThrownBy(() -> cast(ParameterType.OBJECT, "'not json'"))
                .hasMessageStartingWith("parameter 'p': cannot cast 'not json' to object: it is neither JSON nor a "
                        + "Python literal");
        assertThat(cast(ParameterType.OBJECT, "null").isNull())
                .as("null stays null")
                .isTrue();
    }

    @Test
    void renderedTextIsCastToTheDeclaredType() {
        Map<String, JsonNode> resolved = resolve("""
                port: "{{ trigger.body.port }}"
                enabled: "{{ 'TRUE' }}"
                ratio: "{{ trigger.body.count }}.5"
                """, """
                port: {type: integer}
                enabled: {type: boolean}
                ratio: {type: number}
                """);
        assertThat(resolved)
                .containsExactly(
                        Map.entry("port", yaml("8080")),
                        Map.entry("enabled", yaml("true")),
                        Map.entry("ratio", yaml("3.5")));
        assertThatThrownBy(() -> resolve("{port: '{{ trigger.body.name }}'}", "port: {type: integer}"))
                .hasMessage("parameter 'port': cannot cast str \"web\" to integer");
    }

    @Test
    void secretsAreMasked() {
        Map<String, ParameterSpec> spec = spec("""
                user: {type: string}
                password: {type: string, secret: true}
                token: {type: object, secret: true}
                unset: {type: string, secret: true}
                """);
        Map<String, JsonNode> resolved =
                RESOLVER.resolve(params("{user: me, password: s3cr3t, token: {k: v}}"), spec, CONTEXT);
        Map<String, JsonNode> masked = ParameterResolver.mask(resolved, spec);
        assertThat(masked)
                .containsExactly(
                        Map.entry("user", yaml("me")),
                        Map.entry("password", yaml("'********'")),
                        Map.entry("token", yaml("'********'")));
        assertThat(resolved.get("password").textValue())
                .as("the original is untouched")
                .isEqualTo("s3cr3t");
        assertThat(ParameterResolver.mask(resolved, null)).isEqualTo(resolved);
    }
}
