package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void formatsLikeKubectl() {
        assertThat(Durations.format(Duration.ofMillis(1234))).isEqualTo("1.2s");
        assertThat(Durations.format(Duration.ofMillis(80))).isEqualTo("0.1s");
        assertThat(Durations.format(Duration.ofSeconds(59))).isEqualTo("59.0s");
        assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m5s");
        assertThat(Durations.format(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
        assertThat(Durations.format(Duration.ofSeconds(-3))).isEqualTo("0.0s");
    }
}
