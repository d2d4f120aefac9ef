package io.squall.operator;

import static io.squall.operator.testsupport.Kube.apply;
import static io.squall.operator.testsupport.Kube.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.validation.Reasons;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Leader election as in production: the operator takes the Lease squall-operator-lease in the configured
 * namespace before its controllers start.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = LeaderElectionTest.MayUseLeases.class)
@TestProfile(LeaderElectionTest.LeaderElectionOn.class)
class LeaderElectionTest {

    public static class LeaderElectionOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.operator-sdk.activate-leader-election-for-profiles",
                    "prod,test",
                    "squall.leader-election.lease-namespace",
                    "squall-ops");
        }
    }

    /** The mock server cannot evaluate RBAC; answer JOSDK's lease permission check like an API server would. */
    public static class MayUseLeases implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder()
                    .withNewStatus()
                    .withIncomplete(false)
                    .withResourceRules(new ResourceRuleBuilder()
                            .withApiGroups("coordination.k8s.io")
                            .withResources("leases")
                            .withVerbs("get", "create", "update")
                            .build())
                    .endStatus()
                    .build();
            server.expect()
                    .post()
                    .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(201, review)
                    .always();
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void operatorHoldsTheLeaseAndReconciles() {
        Lease lease = await().atMost(Kube.WAIT)
                .until(
                        () -> client.leases()
                                .inNamespace("squall-ops")
                                .withName("squall-operator-lease")
                                .get(),
                        l -> l != null && l.getSpec().getHolderIdentity() != null);
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();

        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: led, namespace: le}\nspec: {runner: noop}\n",
                Action.class);
        awaitReady(client, Action.class, "le", "led", "True", Reasons.VALID);
    }
}
