package io.squall.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.bench.BenchRow;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (prints figures, asserts nothing about time): {@link ExecutionThroughput} with the operator
 * on the Fabric8 mock API server. Run: {@code bin/squall-bench executions [--quick]}; sizes in
 * {@link ExecutionThroughput.Sizes#fromProperties()}. The runner's own start-up (JVM start → result on NATS) is
 * runner-image's NoopStartBenchmark.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(ExecutionThroughputBenchmark.Quiet.class)
@EnabledIfSystemProperty(named = "bench.run", matches = "true")
class ExecutionThroughputBenchmark {

    /** One log line per mock-server request would measure the console. */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.category.\"io.fabric8.mockwebserver\".level",
                    "WARN",
                    "quarkus.log.category.\"io.squall.operator.execution\".level",
                    "WARN");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    @Timeout(420)
    void sustainedExecutionsPerSecond() throws Exception {
        BenchRow.print(new ExecutionThroughput(client, ExecutionThroughput.Sizes.fromProperties()).run());
    }
}
