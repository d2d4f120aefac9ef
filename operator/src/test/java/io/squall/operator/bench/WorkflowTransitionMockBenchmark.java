package io.squall.operator.bench;

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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (prints figures, asserts nothing about time): {@link WorkflowTransition} with the operator
 * in-process on the Fabric8 mock API server and a real nats-server; the real API server's figures are system-tests'
 * WorkflowTransitionBenchmark. Run: {@code bin/squall-bench transitions [--quick]}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(ExecutionThroughputBenchmark.Quiet.class)
@EnabledIfSystemProperty(named = "bench.run", matches = "true")
class WorkflowTransitionMockBenchmark {

    @Inject
    KubernetesClient client;

    @Test
    @Timeout(420)
    void onTheMockApiServer() throws Exception {
        BenchRow.print(WorkflowTransition.fromProperties(client, "transitions-bench", "transitions-mock")
                .run("Fabric8 mock API server"));
    }
}
