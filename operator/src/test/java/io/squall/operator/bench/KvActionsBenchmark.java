package io.squall.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.bench.BenchRow;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (prints figures, asserts nothing about time): {@link KvActionThroughput} with the operator on
 * the Fabric8 mock API server and a real nats-server. Run: {@code bin/squall-bench kv [--quick]}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(ExecutionThroughputBenchmark.Quiet.class)
@EnabledIfSystemProperty(named = "bench.run", matches = "true")
class KvActionsBenchmark {

    @Inject
    KubernetesClient client;

    @Inject
    OperatorDatastore datastore;

    @Test
    @Timeout(420)
    void kvActionsPerSecond() throws Exception {
        BenchRow.print(new KvActionThroughput(client, datastore, KvActionThroughput.Sizes.fromProperties()).run());
    }
}
