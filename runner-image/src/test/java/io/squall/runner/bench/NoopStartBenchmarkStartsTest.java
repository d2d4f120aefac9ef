package io.squall.runner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.bench.BenchRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up benchmark still runs the jar to a result on NATS, at a tiny size (its figures are not checked). */
class NoopStartBenchmarkStartsTest {

    @Test
    void givesItsRowsBesideTheirFloors() throws Exception {
        List<BenchRow> rows = NoopStartBenchmark.run(1, 0, NoopStartBenchmark.jar(), false, false);
        assertThat(rows)
                .extracting(BenchRow::floor)
                .containsExactly("java -version p50, same flags", "java -version p50, C1/Serial/-PerfData");
    }
}
