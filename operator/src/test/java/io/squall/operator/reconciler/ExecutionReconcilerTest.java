package io.squall.operator.reconciler;

import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.assertReady;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.validation.Reasons;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ExecutionReconcilerTest {

    @Inject
    KubernetesClient client;

    private static String execution(String namespace, String name, String target) {
        return "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n  action: " + target + "\n  parameters: {message: hi}\n";
    }

    @Test
    void executionOfAnExistingActionIsReadyAndScheduledAsAJob() {
        String ns = "exec-ok";
        apply(client, "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: say, namespace: " + ns
                + "}\nspec: {runner: noop, parameters: {message: {type: string}}}\n", Action.class);
        apply(client, execution(ns, "say-1", "{name: say}"), Execution.class);
        Execution execution = awaitReady(client, Execution.class, ns, "say-1", "True", Reasons.VALID);
        assertReady(execution, "True", Reasons.VALID, "spec is valid");
        // no kubelet here: the Job and its request Secret exist, nothing runs them
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Scheduled);
        assertThat(execution.getStatus().jobName).isEqualTo("say-1-1");
        assertThat(client.batch().v1().jobs().inNamespace(ns).withName("say-1-1").get().getMetadata()
                .getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(execution.getMetadata().getUid()));
        assertThat(client.secrets().inNamespace(ns).withName("say-1-1-request").get()).isNotNull();
    }

    @Test
    void executionOfAMissingActionNamesTheFieldAndStaysRequested() {
        String ns = "exec-missing";
        apply(client, execution(ns, "run-1", "{name: nothing, kind: Workflow}"), Execution.class);
        Execution execution = awaitReady(client, Execution.class, ns, "run-1", "False", Reasons.ACTION_NOT_FOUND);
        assertReady(execution, "False", Reasons.ACTION_NOT_FOUND,
                "spec.action.name: Workflow \"nothing\" not found in namespace \"exec-missing\"");
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Requested);
    }
}
