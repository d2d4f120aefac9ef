package io.squall.operator.execution;

import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Workflow;
import io.squall.engine.datastore.Datastore.Place;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Inquiries (core-ask of packs/core) through the operator (Fabric8 mock API server, real nats-server): Pending with
 * the question, a core.inquiry trigger, a response checked against the schema, expiry, and a workflow that pauses
 * for the answer and goes on with it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class InquiriesEndToEndTest extends LocalExecutorTestBase {

    @Inject
    OperatorDatastore datastore;

    private void respond(String ns, String name, String responseJson) throws IOException {
        JsonNode response = Json.mapper().readTree(responseJson);
        Kube.edit(client, ns, name, e -> {
            e.getSpec().response = response;
            return e;
        });
    }

    @Test
    void anInquiryWaitsRefusesABadResponseAndTakesAGoodOne() throws Exception {
        String ns = "ask-alone";
        coreActions(ns);
        execution(ns, "ask-1", "core-ask", """
                {route: ops-pager, users: [alice], ttl: 60,
                 schema: {type: object, properties: {approved: {type: boolean, required: true}}}}""");

        Execution pending = awaitPhase(ns, "ask-1", ExecutionPhase.Pending);
        assertThat(pending.getStatus().result.get("route").asText()).isEqualTo("ops-pager");
        assertThat(pending.getStatus()
                        .result
                        .at("/schema/properties/approved/type")
                        .asText())
                .isEqualTo("boolean");
        assertThat(pending.getStatus().jobName).isNull();
        var message = await().atMost(Kube.WAIT)
                .ignoreExceptions()
                .until(
                        () -> nats.jetStreamManagement()
                                .getLastMessage(Subjects.TRIGGER_STREAM, Subjects.trigger(ns, "core.inquiry")),
                        m -> m != null);
        TriggerEvent trigger = Json.fromBytes(message.getData(), TriggerEvent.class);
        assertThat(trigger.payload().get("id").asText()).isEqualTo("ask-1");
        assertThat(trigger.payload().get("route").asText()).isEqualTo("ops-pager");
        assertThat(trigger.payload().get("users").get(0).asText()).isEqualTo("alice");

        respond(ns, "ask-1", "{\"approved\": \"yes please\"}");
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> assertThat(get(ns, "ask-1").getStatus().conditions)
                        .anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo(Conditions.RESPONSE_ACCEPTED);
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getMessage())
                                    .contains("spec.response refused")
                                    .contains("approved")
                                    .contains("boolean");
                        }));
        assertThat(get(ns, "ask-1").getStatus().phase).isEqualTo(ExecutionPhase.Pending);
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> assertThat(eventReasons(ns, "ask-1")).contains("ResponseRefused"));

        respond(ns, "ask-1", "{\"approved\": true}");
        Execution answered = awaitFinished(ns, "ask-1", ExecutionPhase.Succeeded);
        assertThat(answered.getStatus().result.at("/response/approved").asBoolean())
                .isTrue();
    }

    @Test
    void anInquiryWithoutAValidResponseExpires() throws Exception {
        String ns = "ask-expires";
        coreActions(ns);
        execution(ns, "ask-2", "core-ask", "{ttl: 0.02}");
        Execution expired = awaitFinished(ns, "ask-2", ExecutionPhase.TimedOut);
        assertThat(expired.getStatus().error).contains("the inquiry expired").contains("0.02 minutes");
    }

    @Test
    void aWorkflowPausesForItsInquiryAndGoesOnWithTheAnswer() throws Exception {
        String ns = "ask-workflow";
        coreActions(ns);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: approve-scale, namespace: NAMESPACE}
                spec:
                  tasks:
                    ask:
                      action: core-ask
                      input: {route: ops}
                      next:
                        - when: <% succeeded() %>
                          publish:
                            - go: <% result().response.continue %>
                          do: [record]
                    record:
                      action: core-kv-set
                      input:
                        key: approved
                        value: <% ctx().go %>
                  output:
                    - approved: <% ctx().go %>
                """.replace("NAMESPACE", ns), Workflow.class);
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: approve-1, namespace: " + ns
                        + "}\nspec:\n  action: {kind: Workflow, name: approve-scale}\n",
                Execution.class);

        Execution paused = awaitPhase(ns, "approve-1", ExecutionPhase.Paused);
        Execution ask = client.resources(Execution.class).inNamespace(ns).list().getItems().stream()
                .filter(e -> e.getSpec().context != null && "approve-1".equals(e.getSpec().context.parentExecution))
                .findFirst()
                .orElseThrow();
        assertThat(ask.getStatus().phase).isEqualTo(ExecutionPhase.Pending);
        assertThat(paused.getStatus().tasks).singleElement().satisfies(t -> {
            assertThat(t.name).isEqualTo("ask");
            assertThat(t.phase).isEqualTo(ExecutionPhase.Pending);
        });

        respond(ns, ask.getMetadata().getName(), "{\"continue\": true}");
        Execution done = awaitFinished(ns, "approve-1", ExecutionPhase.Succeeded);
        assertThat(done.getStatus().result.get("approved").asBoolean()).isTrue();
        assertThat(datastore
                        .datastore()
                        .get(Place.system(ns), "approved", false)
                        .orElseThrow()
                        .value()
                        .asBoolean())
                .isTrue();
    }
}
