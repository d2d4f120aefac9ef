package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.bench.BenchRow;
import io.squall.api.bench.WorkflowTransition;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The workflow transition benchmark still runs on the packaged operator, at a tiny size (figures not checked). */
class WorkflowTransitionBenchmarkStartsTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    @Test
    void givesItsRowsBesideTheirFloors() throws Exception {
        ChartOperator chart = new ChartOperator(apiServer, "bench", Map.of());
        chart.beforeAll(null);
        try {
            assertThat(new WorkflowTransition(apiServer.client(), "bench", 3, 3, "transitions-real")
                            .run("real kube-apiserver"))
                    .extracting(BenchRow::unit)
                    .containsExactly("ms", "ms", "ms");
        } finally {
            chart.afterAll(null);
        }
    }
}
