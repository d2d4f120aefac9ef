package io.squall.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.squall.api.bench.BenchRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trigger latency benchmark still runs end to end, at a tiny size (its figures are not checked). */
@EnableKubernetesMockClient(crud = true, https = false)
class TriggerLatencyBenchmarkStartsTest {

    static KubernetesClient client;

    @Test
    void givesItsRowsBesideTheirFloors() throws Exception {
        List<BenchRow> rows =
                new TriggerLatency(client, null, "trigger-mock", new TriggerLatency.Sizes(5, 10, 200, 10, 50, 5)).run();
        assertThat(rows).extracting(BenchRow::unit).containsExactly("ms", "ms", "Executions/s", "triggers/s");
    }
}
