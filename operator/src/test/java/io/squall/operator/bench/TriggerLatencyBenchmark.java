package io.squall.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.squall.api.bench.BenchRow;
import io.squall.local.LocalApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (prints figures, asserts nothing about time): {@link TriggerLatency} on the Fabric8 mock API
 * server and on a real kube-apiserver + etcd (binaries from SQUALL_KUBE_API_TEST_DIR). Run:
 * {@code bin/squall-bench trigger [--quick]}; sizes in {@link TriggerLatency.Sizes#fromProperties()}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@EnabledIfSystemProperty(named = "bench.run", matches = "true")
class TriggerLatencyBenchmark {

    /** Injected by @EnableKubernetesMockClient. */
    static KubernetesClient client;

    @Test
    @Timeout(240)
    void onTheMockApiServer() throws Exception {
        BenchRow.print(new TriggerLatency(client, null, "trigger-mock", TriggerLatency.Sizes.fromProperties()).run());
    }

    @Test
    @Timeout(300)
    void onTheRealApiServer() throws Exception {
        try (LocalApiServer real = LocalApiServer.start()) {
            BenchRow.print(
                    new TriggerLatency(real.client(), real, "trigger-real", TriggerLatency.Sizes.fromProperties())
                            .run());
        }
    }
}
