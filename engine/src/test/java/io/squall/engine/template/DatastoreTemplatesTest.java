package io.squall.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.engine.datastore.KvScope;
import io.squall.engine.datastore.KvValue;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How templates read the datastore: scopes, typed values, missing keys, secrets. */
class DatastoreTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TemplateRenderer RENDERER = new TemplateRenderer();

    private static final KvLookup KV = (scope, key) -> switch (scope + "/" + key) {
        case "SYSTEM/asg.web.total_nodes" -> Optional.of(KvValue.of(TextNode.valueOf("3")));
        case "SYSTEM/asg.web.config" -> Optional.of(KvValue.of(json("{\"min\": 1, \"zones\": [\"a\", \"b\"]}")));
        case "SYSTEM/slack.token" -> Optional.of(new KvValue(TextNode.valueOf("xoxb-secret"), true));
        case "USER/favourite" -> Optional.of(KvValue.of(TextNode.valueOf("blue")));
        default -> Optional.empty();
    };

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String render(String template) {
        return RENDERER.render(template, Map.of(), KV);
    }

    @Test
    void readsBothScopesAndTypedJson() {
        assertThat(render("{{ kv.system.asg.web.total_nodes }}/{{ st2kv.system.asg.web.total_nodes }}"))
                .isEqualTo("3/3");
        assertThat(render("{{ kv.user.favourite }}")).isEqualTo("blue");
        assertThat(render("{{ kv.system.asg.web.config.zones | join(',') }}")).isEqualTo("a,b");
        assertThat(RENDERER.renderValue("{{ kv.system.asg.web.config }}", Map.of(), KV))
                .isEqualTo(json("{\"min\": 1, \"zones\": [\"a\", \"b\"]}"));
        assertThat(render("{{ kv.system.asg.web.total_nodes | int + 1 }}")).isEqualTo("4");
    }

    @Test
    void aMissingKeyFailsNamingTheKeyUnlessGivenADefault() {
        for (String template : new String[] {
            "{{ kv.system.asg.web.max_nodes }}",
            "x{{ kv.system.asg.web.max_nodes }}",
            "{{ kv.system.asg.web.max_nodes | int }}",
            "{{ kv.system.asg.web.max_nodes | to_json_string }}"
        }) {
            assertThatThrownBy(() -> render(template))
                    .as(template)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining("datastore key 'asg.web.max_nodes' (scope system) does not exist");
            assertThatThrownBy(() -> RENDERER.renderValue(template, Map.of(), KV))
                    .as(template)
                    .hasMessageContaining("datastore key 'asg.web.max_nodes'");
        }
        assertThatThrownBy(() -> render("{{ kv.user.missing }}")).hasMessageContaining("'missing' (scope user)");
        assertThat(render("{{ kv.system.asg.web.max_nodes | default('10') }}")).isEqualTo("10");
        assertThat(render("{{ kv.system.asg.web.max_nodes | d(7) }}")).isEqualTo("7");
        assertThat(render("{{ kv.system.asg.web.total_nodes | default('10') }}"))
                .isEqualTo("3");
        assertThat(render("{{ kv.system.nope is defined }} {{ kv.system.nope is undefined }}"))
                .isEqualTo("false true");
        assertThat(render("{{ kv.system.asg.web.total_nodes is defined }}")).isEqualTo("true");
        assertThat(render("{% if kv.system.lock %}locked{% else %}free{% endif %}"))
                .as("an if tests a missing key as false (StackStorm's rate-limit idiom)")
                .isEqualTo("free");
    }

    @Test
    void aMissingKeyInACriteriaPatternIsAnError() {
        assertThatThrownBy(() -> RENDERER.renderCriteriaPattern("{{ kv.system.threshold }}", Map.of(), KV))
                .hasMessageContaining("datastore key 'threshold'");
    }

    @Test
    void secretsAreMaskedUnlessDecrypted() {
        assertThat(render("token={{ kv.system.slack.token }}")).isEqualTo("token=********");
        assertThat(RENDERER.renderValue("{{ kv.system.slack.token }}", Map.of(), KV))
                .isEqualTo(TextNode.valueOf("********"));
        assertThat(render("{{ kv.system.slack.token | decrypt_kv }}")).isEqualTo("xoxb-secret");
        assertThat(render("{{ kv.system.slack.token | string }}")).isEqualTo("********");
        assertThatThrownBy(() -> render("{{ kv.system.asg.web.total_nodes | decrypt_kv }}"))
                .hasMessageContaining("decrypt_kv: the value is not a secret datastore value");
        assertThatThrownBy(() -> render("{{ kv.system.slack.nothing | decrypt_kv }}"))
                .hasMessageContaining("datastore key 'slack.nothing'");
    }

    @Test
    void orquestaFunctionReadsScopesAndDecrypts() {
        var f = io.squall.engine.workflow.expr.OrquestaFunctions.class;
        assertThat(io.squall.engine.workflow.expr.OrquestaFunctions.st2kv(KV, "system.asg.web.total_nodes", false))
                .isEqualTo("3");
        assertThat(io.squall.engine.workflow.expr.OrquestaFunctions.st2kv(KV, "favourite", false))
                .as("a name without system. is a user-scope key, as in StackStorm")
                .isEqualTo("blue");
        assertThat(io.squall.engine.workflow.expr.OrquestaFunctions.st2kv(KV, "system.slack.token", false))
                .isEqualTo("********");
        assertThat(io.squall.engine.workflow.expr.OrquestaFunctions.st2kv(KV, "system.slack.token", true))
                .isEqualTo("xoxb-secret");
        assertThat(io.squall.engine.workflow.expr.OrquestaFunctions.st2kv(KV, "system.asg.web.config", false))
                .isEqualTo(Map.of("min", 1L, "zones", java.util.List.of("a", "b")));
        assertThatThrownBy(() -> io.squall.engine.workflow.expr.OrquestaFunctions.st2kv(KV, "system.nope", false))
                .hasMessageContaining("The key \"system.nope\" does not exist");
        assertThat(f).isNotNull();
        assertThat(KvScope.parse("st2kv.system")).contains(KvScope.SYSTEM);
    }
}
