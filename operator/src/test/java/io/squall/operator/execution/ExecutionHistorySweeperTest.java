package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.LeaderCheck;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history sweep over the Execution controller's cache, deleting through the API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class ExecutionHistorySweeperTest extends LocalExecutorTestBase {

    @Inject
    ExecutionHistorySweeper sweeper;

    @Inject
    LeaderCheck leader;

    @Test
    void finishedExecutionsBeyondTheCountThenTheTtlAreDeletedRunningOnesStay() {
        String ns = "history";
        action(ns, "quick", "  runner: noop\n");
        for (String name : new String[] {"first", "second", "third"}) {
            execution(ns, name, "quick", "{}");
            awaitFinished(ns, name, ExecutionPhase.Succeeded);
        }
        run(ns, "busy", "  runner: shell\n  command: sleep 120\n", "{}");
        awaitPhase(ns, "busy", ExecutionPhase.Running);
        assertThat(leader.isLeader())
                .as("no leader election in tests: this replica sweeps")
                .isTrue();

        // the sweep reads the controller's cache, which may not show "third" finished yet (then two finished ones
        // are within the count and nothing goes): sweep until it deletes something; what it deletes is the oldest
        List<Execution> deleted = await().atMost(Kube.WAIT)
                .until(() -> sweeper.sweep(Duration.ofDays(7), 2), doomed -> !doomed.isEmpty());
        assertThat(deleted).extracting(e -> e.getMetadata().getName()).containsExactly("first");
        assertThat(get(ns, "first")).isNull();
        assertThat(get(ns, "second")).isNotNull();

        // the first call deletes both; once the cache has seen that, there is nothing left to delete
        await().atMost(Kube.WAIT).until(() -> sweeper.sweep(Duration.ZERO, 100).isEmpty());
        assertThat(get(ns, "second")).isNull();
        assertThat(get(ns, "third")).isNull();
        assertThat(get(ns, "busy").getStatus().phase).isEqualTo(ExecutionPhase.Running);
    }
}
