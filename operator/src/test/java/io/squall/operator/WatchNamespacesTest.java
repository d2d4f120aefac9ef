package io.squall.operator;

import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Rule;
import io.squall.operator.reconciler.ActionReconciler;
import io.squall.operator.reconciler.ExecutionReconciler;
import io.squall.operator.reconciler.RuleReconciler;
import io.squall.operator.reconciler.SensorReconciler;
import io.squall.operator.reconciler.TimerReconciler;
import io.squall.operator.reconciler.WorkflowReconciler;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SQUALL_WATCH_NAMESPACES=team-a,team-b (here as the property squall.watch-namespaces) limits every controller. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(WatchNamespacesTest.TwoNamespaces.class)
class WatchNamespacesTest {

    public static class TwoNamespaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("squall.watch-namespaces", "team-a,team-b");
        }
    }

    @Inject
    Operator operator;

    @Inject
    KubernetesClient client;

    @Test
    void everyControllerWatchesOnlyTheConfiguredNamespaces() {
        for (String controller : new String[] {
            ActionReconciler.NAME,
            WorkflowReconciler.NAME,
            RuleReconciler.NAME,
            SensorReconciler.NAME,
            ExecutionReconciler.NAME,
            TimerReconciler.NAME
        }) {
            var registered = operator.getRegisteredController(controller).orElseThrow();
            assertThat(registered.getConfiguration().getInformerConfig().getNamespaces())
                    .as(controller)
                    .isEqualTo(Set.of("team-a", "team-b"));
        }
    }

    @Test
    void resourcesInAWatchedNamespaceAreReconciledOthersAreNot() {
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: elsewhere, namespace: team-c}\nspec: {runner: noop}\n",
                Action.class);
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Rule\nmetadata: {name: r, namespace: team-b}\nspec:\n"
                        + "  trigger: {type: core.webhook}\n  action: {ref: later}\n",
                Rule.class);
        awaitReady(client, Rule.class, "team-b", "r", "False", Reasons.ACTION_NOT_FOUND);
        // the Action informer of the Rule controller follows the controller's namespaces too
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: later, namespace: team-b}\nspec: {runner: noop}\n",
                Action.class);
        awaitReady(client, Rule.class, "team-b", "r", "True", Reasons.VALID);
        awaitReady(client, Action.class, "team-b", "later", "True", Reasons.VALID);
        assertThat(Kube.get(client, Action.class, "team-c", "elsewhere").getStatus())
                .isNull();
    }
}
