package io.squall.systemtests;

import io.squall.api.bench.BenchRow;
import io.squall.api.bench.WorkflowTransition;
import io.squall.local.LocalApiServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Benchmark, not a test (prints figures, asserts nothing about time): {@link WorkflowTransition} on a real
 * kube-apiserver with the packaged operator under the chart's RBAC and a real nats-server. Run:
 * {@code bin/squall-bench transitions [--quick]} ({@code -Dbench.tasks=100 -Dbench.floor=200}).
 */
@EnabledIfSystemProperty(named = "bench.run", matches = "true")
class WorkflowTransitionBenchmark {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    @Test
    @Timeout(420)
    void onTheRealApiServerWithTheChartsRbac() throws Exception {
        ChartOperator chart = new ChartOperator(apiServer, "bench", Map.of());
        chart.beforeAll(null);
        try {
            BenchRow.print(WorkflowTransition.fromProperties(apiServer.client(), "bench", "transitions-real")
                    .run("real kube-apiserver " + LocalApiServer.VERSION));
        } finally {
            chart.afterAll(null);
        }
    }
}
