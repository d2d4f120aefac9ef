package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.squall.api.v1alpha1.Rule;
import io.squall.operator.testsupport.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas flushing counters of the same Rule at the same moment, from the same stale cached copy:
 * every write carries the resourceVersion it was computed from, so a conflicting one is recomputed and no count
 * is lost (Fabric8 mock API server in CRUD mode, which answers 409 to a stale resourceVersion).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class RuleStatusReplicasTest {

    static KubernetesClient client;

    @Test
    void concurrentFlushesOfTwoReplicasAddUp() throws Exception {
        client.resource(Resources.yaml(
                        Files.readString(Path.of("..", "crds", "rules.squall.io-v1.yml")),
                        CustomResourceDefinition.class))
                .create();
        Rule created = client.resource(RuleIndexTest.rule("ns", "shared", "core.webhook", true))
                .create();
        // both replicas start from the same (soon stale) informer copy
        Optional<Rule> staleCache = Optional.of(created);
        List<RuleStatusRecorder> replicas = List.of(
                new RuleStatusRecorder(client, (ns, name) -> staleCache, Clock.systemUTC()),
                new RuleStatusRecorder(client, (ns, name) -> staleCache, Clock.systemUTC()));

        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < 10; i++) {
                replicas.get(0).enforced(created);
                replicas.get(1).enforced(created);
            }
            replicas.get(1).enforcementFailed(created, "round " + round);
            CyclicBarrier together = new CyclicBarrier(2);
            List<Thread> flushes = new ArrayList<>();
            for (RuleStatusRecorder replica : replicas) {
                Thread flush = new Thread(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    replica.flush();
                });
                flushes.add(flush);
                flush.start();
            }
            for (Thread flush : flushes) {
                flush.join();
            }
        }

        Rule rule = client.resources(Rule.class)
                .inNamespace("ns")
                .withName("shared")
                .get();
        assertThat(rule.getStatus().matched).isEqualTo(rounds * 21L);
        assertThat(rule.getStatus().enforced).isEqualTo(rounds * 20L);
        assertThat(rule.getStatus().failed).isEqualTo(rounds * 1L);
        assertThat(rule.getStatus().lastError).isEqualTo("round " + (rounds - 1));
        // one write per replica and round, none lost: conflicts were retried, not dropped
        assertThat(replicas.get(0).patchesSent() + replicas.get(1).patchesSent())
                .isEqualTo(rounds * 2L);
        // the spec is untouched by status writes
        assertThat(rule.getMetadata().getGeneration())
                .isEqualTo(created.getMetadata().getGeneration());
    }
}
