package io.squall.operator.execution;

import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.Workflow;
import io.squall.engine.datastore.Datastore.Place;
import io.squall.engine.datastore.KvEntry;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.rules.RulesEngine;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The datastore through the operator (Fabric8 mock API server, real nats-server): the core.kv-* actions of
 * packs/core run in the operator without a Job, and rules, action parameters and workflows read the namespace's keys.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class DatastoreEndToEndTest extends LocalExecutorTestBase {

    @Inject
    OperatorDatastore datastore;

    @Inject
    RulesEngine rules;

    private KvEntry stored(String ns, String key, boolean decrypt) {
        return datastore.datastore().get(Place.system(ns), key, decrypt).orElse(null);
    }

    private JsonNode result(String ns, String name) {
        return awaitFinished(ns, name, ExecutionPhase.Succeeded).getStatus().result;
    }

    @Test
    void theCoreKvActionsRunInTheOperatorWithoutAJob() throws IOException {
        String ns = "kv-core";
        coreActions(ns);
        execution(ns, "set-1", "core-kv-set", "{key: asg.web.total_nodes, value: '2', ttl: 600}");
        assertThat(result(ns, "set-1").get("value").asText()).isEqualTo("2");
        execution(ns, "incr-1", "core-kv-incr", "{key: asg.web.total_nodes, delta: 3}");
        JsonNode incremented = result(ns, "incr-1");
        assertThat(incremented.get("value")).isEqualTo(TextNode.valueOf("5"));
        assertThat(incremented.get("expires_at"))
                .as("an increment keeps the key's expiry")
                .isNotNull();
        execution(ns, "get-1", "core-kv-get", "{key: asg.web.total_nodes}");
        assertThat(result(ns, "get-1").get("revision").asLong())
                .isEqualTo(incremented.get("revision").asLong());
        execution(ns, "list-1", "core-kv-list", "{prefix: 'asg.'}");
        assertThat(result(ns, "list-1").get("items"))
                .extracting(i -> i.get("key").asText())
                .containsExactly("asg.web.total_nodes");
        execution(ns, "delete-1", "core-kv-delete", "{key: asg.web.total_nodes}");
        assertThat(result(ns, "delete-1").get("deleted").asBoolean()).isTrue();
        execution(ns, "get-2", "core-kv-get", "{key: asg.web.total_nodes}");
        assertThat(result(ns, "get-2").get("found").asBoolean()).isFalse();

        Execution set = get(ns, "set-1");
        assertThat(set.getStatus().jobName).isNull();
        assertThat(set.getStatus().attempts).isEqualTo(1);
        assertThat(set.getStatus().conditions).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo(Conditions.SCHEDULED);
            assertThat(c.getReason()).isEqualTo(Conditions.RAN_IN_OPERATOR);
        });
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems())
                .as("no Job for a kv action")
                .isEmpty();
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> assertThat(eventReasons(ns, "incr-1")).contains("Succeeded"));

        execution(ns, "cas-1", "core-kv-set", "{key: lock, value: me, expect_revision: 0}");
        result(ns, "cas-1");
        execution(ns, "cas-2", "core-kv-set", "{key: lock, value: you, expect_revision: 0}");
        assertThat(awaitFinished(ns, "cas-2", ExecutionPhase.Failed).getStatus().error)
                .contains("datastore key 'lock' was not written: expect_revision 0 but its revision is");
    }

    @Test
    void actionParametersReadTheirNamespacesKeysAndAMissingKeyFailsNamingIt() throws IOException {
        coreActions("kv-params-a");
        coreActions("kv-params-b");
        datastore
                .datastore()
                .set(Place.system("kv-params-a"), "greeting", TextNode.valueOf("hello"), null, false, null, null);
        String copy = """
                  runner: kv
                  kv: {operation: set}
                  parameters:
                    key: {type: string, default: copied}
                    value: {type: string, default: "{{ kv.system.greeting }} again"}
                """;
        action("kv-params-a", "copy-greeting", copy);
        action("kv-params-b", "copy-greeting", copy);
        execution("kv-params-a", "copy-1", "copy-greeting", "{}");
        execution("kv-params-b", "copy-1", "copy-greeting", "{}");

        result("kv-params-a", "copy-1");
        assertThat(stored("kv-params-a", "copied", false).value().asText()).isEqualTo("hello again");
        String error =
                awaitFinished("kv-params-b", "copy-1", ExecutionPhase.Failed).getStatus().error;
        assertThat(error)
                .contains("parameter 'value'")
                .contains("{{ kv.system.greeting }} again")
                .contains("datastore key 'greeting' (scope system) does not exist");
        assertThat(stored("kv-params-b", "copied", false)).isNull();
    }

    @Test
    void secretsAreMaskedInResultsAndDecryptedOnlyByDecryptKv() throws Exception {
        String ns = "kv-secrets";
        coreActions(ns);
        execution(ns, "set-token", "core-kv-set", "{key: slack.token, value: xoxb-42, secret: true}");
        assertThat(result(ns, "set-token").get("value").asText()).isEqualTo("********");
        execution(ns, "get-token", "core-kv-get", "{key: slack.token}");
        JsonNode shown = result(ns, "get-token");
        assertThat(shown.get("value").asText()).isEqualTo("********");
        assertThat(shown.get("secret").asBoolean()).isTrue();
        byte[] raw = nats.keyValue(Subjects.DATASTORE_BUCKET)
                .get("kv." + ns + ".system.slack.token")
                .getValue();
        assertThat(new String(raw, StandardCharsets.UTF_8)).doesNotContain("xoxb-42");

        action(ns, "masked-copy", """
                  runner: kv
                  kv: {operation: set}
                  parameters:
                    key: {type: string, default: masked}
                    value: {type: string, default: "{{ kv.system.slack.token }}"}
                """);
        action(ns, "decrypted-copy", """
                  runner: kv
                  kv: {operation: set}
                  parameters:
                    key: {type: string, default: decrypted}
                    value: {type: string, default: "{{ kv.system.slack.token | decrypt_kv }}"}
                """);
        execution(ns, "masked-1", "masked-copy", "{}");
        execution(ns, "decrypted-1", "decrypted-copy", "{}");
        result(ns, "masked-1");
        result(ns, "decrypted-1");
        assertThat(stored(ns, "masked", false).value().asText()).isEqualTo("********");
        assertThat(stored(ns, "decrypted", false).value().asText()).isEqualTo("xoxb-42");
    }

    @Test
    void aParameterFromASecretReachesTheActionAndAMissingSecretFailsNamingIt() throws IOException {
        String ns = "kv-value-from";
        client.secrets()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName("chat")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToStringData("url", "https://hooks.example.com/T0/B0/xyz")
                        .build())
                .create();
        String spec = """
                  runner: kv
                  kv: {operation: set}
                  parameters:
                    key: {type: string, default: chat.url}
                    secret: {type: boolean, default: true}
                    value:
                      type: string
                      valueFrom: {secretKeyRef: {name: SECRET, key: url}}
                """;
        action(ns, "copy-url", spec.replace("SECRET", "chat"));
        action(ns, "copy-missing", spec.replace("SECRET", "no-such-secret"));
        execution(ns, "copy-1", "copy-url", "{}");
        execution(ns, "missing-1", "copy-missing", "{}");

        assertThat(result(ns, "copy-1").get("value").asText()).isEqualTo("********");
        assertThat(stored(ns, "chat.url", true).value().asText()).isEqualTo("https://hooks.example.com/T0/B0/xyz");
        assertThat(Json.mapper().writeValueAsString(get(ns, "copy-1"))).doesNotContain("xyz");
        assertThat(awaitFinished(ns, "missing-1", ExecutionPhase.Failed).getStatus().error)
                .contains("parameter 'value': the Secret no-such-secret does not exist in namespace " + ns);
    }

    @Test
    void aStackStormPythonActionGetsItsPackConfigAndTheDatastoreOfItsNamespace() throws IOException {
        String ns = "kv-python";
        client.configMaps()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("ops-config")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToData("region", "eu-west")
                        .addToData("max_nodes", "5")
                        .addToData("port", "\"8080\"")
                        .build())
                .create();
        client.secrets()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName("ops-config")
                        .withNamespace(ns)
                        .endMetadata()
                        .addToStringData("api_key", "k-77-s3cr3t")
                        .build())
                .create();
        datastore.datastore().set(Place.system(ns), "greeting", TextNode.valueOf("hi"), null, false, null, null);
        String script = """
                from st2common.runners.base_action import Action


                class Note(Action):
                    def run(self, text):
                        self.logger.info("note in %s", self.config["region"])
                        self.action_service.set_value("last", text)
                        return {"config": self.config, "greeting": self.action_service.get_value("greeting", local=False)}
                """;
        action(
                ns,
                "note",
                "  runner: python\n  pack: ops\n  entryPoint: Note.run\n"
                        + "  packConfig: {configMap: ops-config, secret: ops-config}\n"
                        + "  parameters: {text: {type: string}}\n  script: |\n" + script.indent(4));
        action(
                ns,
                "note-no-config",
                "  runner: python\n  packConfig: {configMap: missing-config}\n"
                        + "  script: |\n    def run():\n        return 1\n");
        execution(ns, "note-1", "note", "{text: remember me}");
        execution(ns, "note-2", "note-no-config", "{}");

        JsonNode returned = result(ns, "note-1").get("result");
        assertThat(returned.get("config"))
                .isEqualTo(Json.mapper()
                        .readTree(
                                "{\"region\":\"eu-west\",\"max_nodes\":5,\"port\":\"8080\",\"api_key\":\"********\"}"));
        assertThat(returned.get("greeting").asText()).isEqualTo("hi");
        assertThat(stored(ns, "ops.Note:last", false).value().asText()).isEqualTo("remember me");
        assertThat(Json.mapper().writeValueAsString(get(ns, "note-1"))).doesNotContain("k-77-s3cr3t");
        assertThat(awaitFinished(ns, "note-2", ExecutionPhase.Failed).getStatus().error)
                .contains("spec.packConfig.configMap: ConfigMap missing-config does not exist in namespace " + ns);
    }

    @Test
    void ruleCriteriaAndParametersReadTheTriggersNamespace() throws Exception {
        String ns = "kv-rules";
        coreActions(ns);
        datastore.datastore().set(Place.system(ns), "watched.host", TextNode.valueOf("web-7"), null, false, null, null);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: watched-host, namespace: %s}
                spec:
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.body.host: {type: equals, pattern: "{{ kv.system.watched.host }}"}
                  action:
                    ref: core-kv-incr
                    parameters:
                      key: "alerts.{{ trigger.body.host }}"
                """.formatted(ns), Rule.class);
        await().atMost(Kube.WAIT)
                .until(() -> !rules.ruleIndex().rulesFor(ns, "core.webhook").isEmpty());

        TriggerPublisher publisher = new TriggerPublisher(nats.jetStream());
        publisher.publish(TriggerEvent.of(
                "core.webhook", ns, Json.mapper().readTree("{\"body\": {\"host\": \"web-1\"}}"), "test"));
        long last = publisher
                .publish(TriggerEvent.of(
                        "core.webhook", ns, Json.mapper().readTree("{\"body\": {\"host\": \"web-7\"}}"), "test"))
                .getSeqno();

        Execution created = await().atMost(Kube.WAIT)
                .until(
                        () -> client.resources(Execution.class)
                                .inNamespace(ns)
                                .list()
                                .getItems(),
                        l -> !l.isEmpty())
                .get(0);
        awaitFinished(ns, created.getMetadata().getName(), ExecutionPhase.Succeeded);
        assertThat(stored(ns, "alerts.web-7", false).value().asText()).isEqualTo("1");
        // both triggers are done (acknowledged): the one for web-1 matched nothing
        await().atMost(Kube.WAIT)
                .until(() -> nats.jetStreamManagement()
                                .getConsumerInfo(Subjects.TRIGGER_STREAM, Subjects.RULES_ENGINE_CONSUMER)
                                .getAckFloor()
                                .getStreamSequence()
                        >= last);
        assertThat(client.resources(Execution.class).inNamespace(ns).list().getItems())
                .hasSize(1);
        assertThat(stored(ns, "alerts.web-1", false)).isNull();
    }

    @Test
    void workflowsReadWithSt2kvAndWriteWithTheCoreActions() throws IOException {
        String ns = "kv-workflow";
        coreActions(ns);
        datastore
                .datastore()
                .set(Place.system(ns), "asg.web.min_nodes", TextNode.valueOf("2"), null, false, null, null);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: add-nodes, namespace: NAMESPACE}
                spec:
                  input:
                    - group
                  vars:
                    - min: <% st2kv('system.asg.' + ctx().group + '.min_nodes') %>
                  tasks:
                    add:
                      action: core-kv-incr
                      input:
                        key: "asg.{{ ctx().group }}.total_nodes"
                        delta: "{{ ctx().min | int }}"
                      next:
                        - when: <% succeeded() %>
                          publish:
                            - total: <% result().value %>
                  output:
                    - min: <% ctx().min %>
                    - total: <% ctx().total %>
                """.replace("NAMESPACE", ns), Workflow.class);
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: add-1, namespace: " + ns
                        + "}\nspec:\n  action: {kind: Workflow, name: add-nodes}\n  parameters: {group: web}\n",
                Execution.class);

        Execution done = awaitFinished(ns, "add-1", ExecutionPhase.Succeeded);
        assertThat(Json.mapper().convertValue(done.getStatus().result, java.util.Map.class))
                .isEqualTo(java.util.Map.of("min", "2", "total", "2"));
        assertThat(stored(ns, "asg.web.total_nodes", false).value().asText()).isEqualTo("2");
        List<Execution> children = client.resources(Execution.class).inNamespace(ns).list().getItems().stream()
                .filter(e -> e.getSpec().context != null && "add-1".equals(e.getSpec().context.parentExecution))
                .toList();
        assertThat(children)
                .singleElement()
                .satisfies(c -> assertThat(c.getStatus().jobName).isNull());
    }
}
