package io.squall.operator.execution;

import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.api.StreamInfoOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.InjectedTriggerId;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.Workflow;
import io.squall.engine.datastore.Datastore.Place;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.rules.RulesEngine;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import io.squall.operator.trigger.TriggerInjector;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * core-inject-trigger (runner trigger) through the operator (Fabric8 mock API server, real nats-server): a workflow
 * emits a trigger, a rule on that type runs, and everything the first trigger caused carries its trace label; the
 * outermost workflow is the root of its tasks.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class TriggerInjectionEndToEndTest extends LocalExecutorTestBase {

    @Inject
    OperatorDatastore datastore;

    @Inject
    RulesEngine rules;

    @Inject
    TriggerInjector injector;

    private List<Execution> executions(String ns) {
        return client.resources(Execution.class).inNamespace(ns).list().getItems();
    }

    @Test
    void aWorkflowInjectsATriggerThatARuleMatchesInTheSameTrace() throws Exception {
        String ns = "inject-trace";
        coreActions(ns);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Workflow
                metadata: {name: governor, namespace: NAMESPACE}
                spec:
                  input: [group]
                  tasks:
                    pulse:
                      action: core-inject-trigger
                      input:
                        trigger: autoscale.ScaleUpPulse
                        payload:
                          asg: <% ctx().group %>
                """.replace("NAMESPACE", ns), Workflow.class);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: alert, namespace: NAMESPACE}
                spec:
                  trigger: {type: core.webhook}
                  action:
                    kind: Workflow
                    ref: governor
                    parameters: {group: "{{ trigger.body.group }}"}
                """.replace("NAMESPACE", ns), Rule.class);
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: scaleup, namespace: NAMESPACE}
                spec:
                  trigger: {type: autoscale.ScaleUpPulse}
                  action:
                    ref: core-kv-set
                    parameters: {key: "pulsed.{{ trigger.asg }}", value: "{{ trigger.asg }}"}
                """.replace("NAMESPACE", ns), Rule.class);
        await().atMost(Kube.WAIT)
                .until(() -> !rules.ruleIndex().rulesFor(ns, "core.webhook").isEmpty()
                        && !rules.ruleIndex()
                                .rulesFor(ns, "autoscale.ScaleUpPulse")
                                .isEmpty());

        new TriggerPublisher(nats.jetStream())
                .publish(new TriggerEvent(
                        "alert-1",
                        "core.webhook",
                        ns,
                        Json.mapper().readTree("{\"body\": {\"group\": \"web\"}}"),
                        Instant.now(),
                        "test",
                        "alert-trace-42"));

        await().atMost(Kube.WAIT)
                .until(() -> datastore
                        .datastore()
                        .get(Place.system(ns), "pulsed.web", false)
                        .isPresent());
        List<Execution> all = await().atMost(Kube.WAIT)
                .until(
                        () -> executions(ns),
                        l -> l.size() == 3
                                && l.stream()
                                        .allMatch(e -> e.getStatus() != null
                                                && e.getStatus().phase == ExecutionPhase.Succeeded));
        assertThat(all)
                .allSatisfy(e ->
                        assertThat(e.getMetadata().getLabels()).containsEntry(Names.LABEL_TRACE, "alert-trace-42"));
        Execution workflow = all.stream()
                .filter(e -> "alert".equals(e.getSpec().context.rule) && e.getSpec().context.parentExecution == null)
                .findFirst()
                .orElseThrow();
        Execution pulse = all.stream()
                .filter(e -> "pulse".equals(e.getSpec().context.parentTask))
                .findFirst()
                .orElseThrow();
        Execution scaleup = all.stream()
                .filter(e -> "scaleup".equals(e.getSpec().context.rule))
                .findFirst()
                .orElseThrow();
        assertThat(pulse.getMetadata().getLabels())
                .containsEntry(Names.LABEL_ROOT, workflow.getMetadata().getName());
        assertThat(pulse.getSpec().context.rootExecution)
                .isEqualTo(workflow.getMetadata().getName());
        assertThat(pulse.getStatus().jobName)
                .as("injected by the operator, no Job")
                .isNull();
        assertThat(pulse.getStatus().result.get("trigger_id").asText()).isEqualTo(scaleup.getSpec().context.triggerId);
        assertThat(scaleup.getSpec().context.traceTag).isEqualTo("alert-trace-42");
        assertThat(InjectedTriggerId.parse(scaleup.getSpec().context.triggerId))
                .as("squall trace reads it back")
                .contains(new InjectedTriggerId(
                        ns, pulse.getMetadata().getName(), pulse.getMetadata().getUid(), 1));
        assertThat(scaleup.getSpec().context.trigger.get("asg").asText()).isEqualTo("web");

        // the same attempt again (an operator that crashed after publishing): the stream keeps one trigger
        ExecutionRequest request = new ExecutionRequest(
                ns,
                pulse.getMetadata().getName(),
                1,
                "core-inject-trigger",
                null,
                pulse.getSpec().parameters,
                null,
                10);
        ExecutionResult again = injector.run(pulse, request);
        assertThat(again.result().get("trigger_id").asText())
                .isEqualTo(pulse.getStatus().result.get("trigger_id").asText());
        var subjects = nats.jetStreamManagement()
                .getStreamInfo(
                        Subjects.TRIGGER_STREAM,
                        StreamInfoOptions.filterSubjects(Subjects.trigger(ns, "autoscale.ScaleUpPulse")))
                .getStreamState()
                .getSubjects();
        assertThat(subjects)
                .singleElement()
                .satisfies(s -> assertThat(s.getCount()).isEqualTo(1));
    }

    @Test
    void aTriggerTypeThatIsNoSubjectFailsNamingTheParameter() throws IOException {
        String ns = "inject-bad";
        coreActions(ns);
        execution(ns, "bad-type", "core-inject-trigger", "{trigger: 'autoscale.*'}");
        assertThat(awaitFinished(ns, "bad-type", ExecutionPhase.Failed).getStatus().error)
                .contains("parameter trigger: 'autoscale.*' is not a trigger type");
        execution(ns, "bad-payload", "core-inject-trigger", "{trigger: x.y, payload: [1, 2]}");
        assertThat(awaitFinished(ns, "bad-payload", ExecutionPhase.Failed).getStatus().error)
                .contains("parameter 'payload': must be an object"); // the type check, before the runner
    }
}
