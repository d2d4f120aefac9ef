package io.squall.operator.execution;

import static io.squall.operator.testsupport.Kube.WAIT;
import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Workflow;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An Execution the operator cannot run says so (issue #12): it stays Requested with Ready=False naming the reason
 * and what fixes it, and one Warning Event tells it; nothing is started. Here the runner image runs no python
 * ({@code squall.runner.types} without it), and a Workflow without NATS (the workflow engine keeps its state there).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ExecutionCannotRunTest.RunnerWithoutPython.class)
class ExecutionCannotRunTest {

    public static class RunnerWithoutPython implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("squall.runner.types", "shell,script,http,noop");
        }
    }

    @Inject
    KubernetesClient client;

    private static String execution(String namespace, String name, String target) {
        return "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n  action: " + target + "\n";
    }

    private List<Event> warnings(String namespace, String execution) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> execution.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
                .toList();
    }

    private Event awaitOneWarning(String namespace, String execution) {
        return await("a Warning Event about Execution " + execution)
                .atMost(WAIT)
                .until(() -> warnings(namespace, execution), events -> !events.isEmpty())
                .get(0);
    }

    /** Another reconcile (a label change) writes no second Event: the reason has not changed. */
    private void assertToldOnce(String namespace, String name) throws InterruptedException {
        Execution execution = client.resources(Execution.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        execution.getMetadata().setLabels(Map.of("touched", "yes"));
        client.resource(execution).update();
        Thread.sleep(Duration.ofSeconds(2).toMillis());
        assertThat(warnings(namespace, name)).hasSize(1);
    }

    @Test
    void aWorkflowExecutionWithoutNatsStaysRequestedAndSaysWhy() throws InterruptedException {
        String ns = "cannot-run-workflow";
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: step, namespace: " + ns
                        + "}\nspec: {runner: noop}\n",
                Action.class);
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Workflow\nmetadata: {name: triage, namespace: " + ns
                        + "}\nspec:\n  tasks:\n    first: {action: step}\n",
                Workflow.class);
        apply(client, execution(ns, "triage-1", "{kind: Workflow, name: triage}"), Execution.class);

        Execution execution = awaitReady(client, Execution.class, ns, "triage-1", "False", Reasons.UNSUPPORTED);
        String message = "Workflow triage cannot run: the workflow engine keeps the state of each workflow in NATS "
                + "JetStream and NATS is off (squall.nats.enabled=false). The Execution stays Requested; an operator "
                + "with NATS starts it";
        assertReady(execution, "False", Reasons.UNSUPPORTED, message);
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Requested);
        assertThat(execution.getStatus().jobName).isNull();

        Event event = awaitOneWarning(ns, "triage-1");
        assertThat(event.getReason()).isEqualTo(Reasons.UNSUPPORTED);
        assertThat(event.getMessage()).isEqualTo(message);
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Execution");
        assertThat(event.getInvolvedObject().getUid())
                .isEqualTo(execution.getMetadata().getUid());
        assertToldOnce(ns, "triage-1");
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void anActionWhoseRunnerTheImageLacksStaysRequestedAndSaysHowToFixIt() throws InterruptedException {
        String ns = "cannot-run-python";
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: analyse, namespace: " + ns
                        + "}\nspec: {runner: python, script: 'def run(): return 1'}\n",
                Action.class);
        apply(client, execution(ns, "analyse-1", "{name: analyse}"), Execution.class);

        Execution execution = awaitReady(client, Execution.class, ns, "analyse-1", "False", Reasons.RUNNER_UNAVAILABLE);
        String message = "Action analyse uses runner python, which the runner image of this cluster does not run (it "
                + "runs http, noop, script, shell; squall.runner.types, chart value runner.types). Set spec.image of the "
                + "Action to an image that runs python, or add python to runner.types once the runner image has it";
        assertReady(execution, "False", Reasons.RUNNER_UNAVAILABLE, message);
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Requested);
        Event event = awaitOneWarning(ns, "analyse-1");
        assertThat(event.getReason()).isEqualTo(Reasons.RUNNER_UNAVAILABLE);
        assertThat(event.getMessage()).isEqualTo(message);
        assertToldOnce(ns, "analyse-1");
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();

        // the fix the message names: an image of the Action's own; the waiting execution then starts
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: analyse, namespace: " + ns
                        + "}\nspec: {runner: python, script: 'def run(): return 1', image: 'registry.local/py-runner:1'}\n",
                Action.class);
        awaitReady(client, Execution.class, ns, "analyse-1", "True", Reasons.VALID);
        await().atMost(WAIT)
                .until(() -> client.resources(Execution.class)
                                .inNamespace(ns)
                                .withName("analyse-1")
                                .get()
                                .getStatus()
                                .phase
                        == ExecutionPhase.Scheduled);
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .withName("analyse-1-1")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("registry.local/py-runner:1");
    }

    @Test
    void anExecutionOfAMissingActionWarnsOnceNamingTheField() throws InterruptedException {
        String ns = "cannot-run-missing";
        apply(client, execution(ns, "ghost-1", "{name: ghost}"), Execution.class);

        awaitReady(client, Execution.class, ns, "ghost-1", "False", Reasons.ACTION_NOT_FOUND);
        Event event = awaitOneWarning(ns, "ghost-1");
        assertThat(event.getReason()).isEqualTo(Reasons.ACTION_NOT_FOUND);
        assertThat(event.getMessage())
                .isEqualTo("spec.action.name: Action \"ghost\" not found in namespace \"cannot-run-missing\"");
        assertToldOnce(ns, "ghost-1");
    }
}
