package io.squall.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The kv actions benchmark still runs end to end, at a tiny size (its figures are not checked). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(ExecutionThroughputBenchmark.Quiet.class)
class KvActionsBenchmarkStartsTest {

    @Inject
    KubernetesClient client;

    @Inject
    OperatorDatastore datastore;

    @Test
    void givesItsRowsBesideTheirFloors() throws Exception {
        assertThat(new KvActionThroughput(client, datastore, new KvActionThroughput.Sizes(5, 1, 1)).run())
                .extracting(BenchRow::unit)
                .containsExactly("executions/s", "executions/s", "executions/s");
    }
}
