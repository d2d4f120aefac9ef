package io.squall.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.bench.BenchRow;
import io.squall.api.bench.WorkflowTransition;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The workflow transition benchmark still runs on the mock API server, at a tiny size (figures not checked). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(ExecutionThroughputBenchmark.Quiet.class)
class WorkflowTransitionMockBenchmarkStartsTest {

    @Inject
    KubernetesClient client;

    @Test
    void givesItsRowsBesideTheirFloors() throws Exception {
        assertThat(new WorkflowTransition(client, "transitions-starts", 3, 3, "transitions-mock")
                        .run("Fabric8 mock API server"))
                .extracting(BenchRow::unit)
                .containsExactly("ms", "ms", "ms");
    }
}
