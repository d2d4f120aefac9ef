package io.squall.operator.reconciler;

import static io.squall.operator.testsupport.Kube.WAIT;
import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static io.squall.operator.testsupport.Kube.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.status.ReconcileErrors;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ExecutionReconcilerTest {

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

    private static String execution(String namespace, String name, String target) {
        return "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n  action: " + target + "\n  parameters: {message: hi}\n";
    }

    @Test
    void executionOfAnExistingActionIsReadyAndScheduledAsAJob() {
        String ns = "exec-ok";
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: say, namespace: " + ns
                        + "}\nspec: {runner: noop, parameters: {message: {type: string}}}\n",
                Action.class);
        apply(client, execution(ns, "say-1", "{name: say}"), Execution.class);
        Execution execution = awaitReady(client, Execution.class, ns, "say-1", "True", Reasons.VALID);
        assertReady(execution, "True", Reasons.VALID, "spec is valid");
        // no kubelet here: the Job and its request Secret exist, nothing runs them
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Scheduled);
        assertThat(execution.getStatus().jobName).isEqualTo("say-1-1");
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .withName("say-1-1")
                        .get()
                        .getMetadata()
                        .getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getUid())
                        .isEqualTo(execution.getMetadata().getUid()));
        assertThat(client.secrets().inNamespace(ns).withName("say-1-1-request").get())
                .isNotNull();
    }

    @Test
    void executionOfAMissingActionNamesTheFieldAndStaysRequested() {
        String ns = "exec-missing";
        apply(client, execution(ns, "run-1", "{name: nothing, kind: Workflow}"), Execution.class);
        Execution execution = awaitReady(client, Execution.class, ns, "run-1", "False", Reasons.ACTION_NOT_FOUND);
        assertReady(
                execution,
                "False",
                Reasons.ACTION_NOT_FOUND,
                "spec.action.name: Workflow \"nothing\" not found in namespace \"exec-missing\"");
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Requested);
    }

    @Test
    void anUnexpectedErrorShowsInReadyInsteadOfOnlyInTheLog() {
        String ns = "exec-error";
        server.expect()
                .post()
                .withPath("/apis/batch/v1/namespaces/" + ns + "/jobs")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("jobs.batch is forbidden: the operator may not create Jobs here")
                                .build())
                .always();
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: say, namespace: " + ns
                        + "}\nspec: {runner: noop, parameters: {message: {type: string}}}\n",
                Action.class);
        apply(client, execution(ns, "say-1", "{name: say}"), Execution.class);

        Execution execution = awaitReady(client, Execution.class, ns, "say-1", "False", ReconcileErrors.REASON);
        assertThat(ready(execution).getMessage())
                .startsWith("reconcile failed, retrying: ")
                .contains("jobs.batch is forbidden: the operator may not create Jobs here");
        assertThat(execution.getStatus().phase).isIn(null, ExecutionPhase.Requested);
    }

    @Test
    void aReconcileErrorIsClearedByTheNextReconcileThatGoesThrough() {
        String ns = "exec-error-cleared";
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: say, namespace: " + ns
                        + "}\nspec: {runner: noop, parameters: {message: {type: string}}}\n",
                Action.class);
        apply(client, execution(ns, "say-1", "{name: say}"), Execution.class);
        await().atMost(WAIT)
                .until(
                        () -> Kube.get(client, Execution.class, ns, "say-1"),
                        e -> e.getStatus() != null && e.getStatus().phase == ExecutionPhase.Scheduled);
        List<String> readyReasons = new CopyOnWriteArrayList<>();
        // canceling deletes the Job: refused once, then allowed (the phase is Canceled by then, Ready is not rewritten)
        server.expect()
                .delete()
                .withPath("/apis/batch/v1/namespaces/" + ns + "/jobs/say-1-1")
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage("not now")
                                .build())
                .once();
        try (Watch watch = client.resources(Execution.class)
                .inNamespace(ns)
                .withName("say-1")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Watcher.Action action, Execution e) {
                        Condition ready = ready(e);
                        readyReasons.add(ready == null ? "none" : ready.getReason());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            Kube.edit(client, ns, "say-1", e -> {
                e.getSpec().cancel = true;
                return e;
            });

            Execution cleared = await().atMost(WAIT)
                    .until(
                            () -> Kube.get(client, Execution.class, ns, "say-1"),
                            e -> readyReasons.contains(ReconcileErrors.REASON)
                                    && ready(e) != null
                                    && Reasons.VALID.equals(ready(e).getReason()));
            assertReady(cleared, "True", Reasons.VALID, "spec is valid");
            assertThat(cleared.getStatus().phase).isEqualTo(ExecutionPhase.Canceled);
        }
    }
}
