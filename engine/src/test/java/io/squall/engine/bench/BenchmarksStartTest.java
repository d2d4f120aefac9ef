package io.squall.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.bench.BenchRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's benchmarks still run, at a tiny size (their figures are not checked: timings are never asserted). */
class BenchmarksStartTest {

    @Test
    void ruleMatchingGivesItsRowsBesideTheirFloors() {
        List<BenchRow> rows = MatchBenchmark.run(0.05);
        assertThat(rows).extracting(BenchRow::unit).containsExactly("evaluations/s", "renders/s");
        assertThat(rows).allSatisfy(row -> assertThat(row.line()).startsWith("BENCH match|"));
    }

    @Test
    void workflowConductorGivesItsRowsBesideTheirFloors() {
        List<BenchRow> rows = WorkflowBenchmark.run(20, 50, 200);
        assertThat(rows)
                .extracting(BenchRow::unit)
                .containsExactly("steps/s", "items/s", "bytes", "evaluations/s", "evaluations/s", "evaluations/s");
    }

    @Test
    void aCriterionKeyBecomesTheJsonPointerOfItsValue() {
        assertThat(MatchBenchmark.pointer("trigger.body['alert.name']#x")).hasToString("/body/alert.name");
        assertThat(MatchBenchmark.pointer("trigger.body.severity")).hasToString("/body/severity");
    }
}
