package io.squall.operator.timer;

import static io.squall.operator.testsupport.Kube.WAIT;
import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Rule;
import io.squall.local.NatsServer;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Leader election as in production, with the Lease held by another replica when the operator starts: the operator
 * schedules no timer and publishes nothing for a timer Rule until it gets the Lease; then it does.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = TimerLeaderElectionTest.LeaseHeldElsewhere.class)
@WithTestResource(NatsServerResource.class)
@TestProfile(TimerLeaderElectionTest.LeaderElectionOn.class)
class TimerLeaderElectionTest {

    static final String LEASE_NAMESPACE = "squall-timer-ops";
    static final String LEASE = "squall-operator-lease";

    public static class LeaderElectionOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.operator-sdk.activate-leader-election-for-profiles",
                    "prod,test",
                    "squall.leader-election.lease-namespace",
                    LEASE_NAMESPACE);
        }
    }

    /** Another replica holds the Lease (renewed now, for an hour) before the operator starts. */
    public static class LeaseHeldElsewhere implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            // the mock server cannot evaluate RBAC: answer JOSDK's Lease permission check like an API server would
            server.expect()
                    .post()
                    .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(
                            201,
                            new SelfSubjectRulesReviewBuilder()
                                    .withNewStatus()
                                    .withIncomplete(false)
                                    .withResourceRules(new ResourceRuleBuilder()
                                            .withApiGroups("coordination.k8s.io")
                                            .withResources("leases")
                                            .withVerbs("get", "create", "update")
                                            .build())
                                    .endStatus()
                                    .build())
                    .always();
            server.getClient()
                    .resource(new LeaseBuilder()
                            .withNewMetadata()
                            .withName(LEASE)
                            .withNamespace(LEASE_NAMESPACE)
                            .endMetadata()
                            .withNewSpec()
                            .withHolderIdentity("other-replica")
                            .withLeaseDurationSeconds(3600)
                            .withAcquireTime(ZonedDateTime.now())
                            .withRenewTime(ZonedDateTime.now())
                            .withLeaseTransitions(0)
                            .endSpec()
                            .build())
                    .create();
            // the other replica renews, as a live leader does: the elector takes a Lease not renewed within ITS
            // lease duration (15s), and on a loaded machine the operator's start alone can take that long
            RENEWER.scheduleWithFixedDelay(
                    () -> server.getClient()
                            .leases()
                            .inNamespace(LEASE_NAMESPACE)
                            .withName(LEASE)
                            .edit(lease -> {
                                lease.getSpec().setRenewTime(ZonedDateTime.now());
                                return lease;
                            }),
                    2,
                    2,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Renews the other replica's Lease until it is deleted (the edit then fails, which ends the renewals). */
    static final java.util.concurrent.ScheduledExecutorService RENEWER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    @Inject
    KubernetesClient client;

    @Inject
    TimerScheduler timers;

    NatsServer nats;

    @Test
    void aReplicaThatIsNotTheLeaderFiresNothingAndStartsFiringWhenItBecomesTheLeader() throws Exception {
        String ns = "timer-leader";
        String subject = "squall.trigger." + ns + ".core.timer.interval";
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Rule\nmetadata: {name: tick, namespace: " + ns + "}\n"
                        + "spec:\n  trigger: {type: core.timer.interval, parameters: {unit: seconds, delta: 1}}\n"
                        + "  action: {ref: notify}\n",
                Rule.class);

        try (Connection connection = Nats.connect(nats.url())) {
            // a follower: for several would-be fires, no timer, nothing published, no controller ran at all
            await().atMost(WAIT)
                    .during(Duration.ofSeconds(5))
                    .until(() -> !timers.hasJob(ns, "tick")
                            && timers.timers().isEmpty()
                            && TimerStream.count(connection, subject) == 0
                            && client.resources(Rule.class)
                                            .inNamespace(ns)
                                            .withName("tick")
                                            .get()
                                            .getStatus()
                                    == null);
            assertThat(client.leases()
                            .inNamespace(LEASE_NAMESPACE)
                            .withName(LEASE)
                            .get()
                            .getSpec()
                            .getHolderIdentity())
                    .isEqualTo("other-replica");

            // the other replica goes away (its Lease with it): this one takes over and fires
            client.leases().inNamespace(LEASE_NAMESPACE).withName(LEASE).delete();
            await().atMost(WAIT).until(() -> timers.hasJob(ns, "tick"));
            await().atMost(WAIT).until(() -> TimerStream.count(connection, subject) >= 1);
            assertThat(client.leases()
                            .inNamespace(LEASE_NAMESPACE)
                            .withName(LEASE)
                            .get()
                            .getSpec()
                            .getHolderIdentity())
                    .isNotEqualTo("other-replica");
        }
    }
}
