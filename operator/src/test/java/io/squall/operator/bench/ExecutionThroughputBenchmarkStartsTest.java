package io.squall.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.bench.BenchRow;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The Executions/s benchmark still runs end to end, at a tiny size (its figures are not checked). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(ExecutionThroughputBenchmark.Quiet.class)
class ExecutionThroughputBenchmarkStartsTest {

    @Inject
    KubernetesClient client;

    @Test
    void givesItsRowBesideItsFloor() throws Exception {
        assertThat(new ExecutionThroughput(client, new ExecutionThroughput.Sizes(2, 1, 2, "noop")).run())
                .extracting(BenchRow::unit)
                .containsExactly("executions/s");
    }
}
