package io.squall.operator.execution.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerNamesTest {

    @Test
    void shortNamesAreKeptWithTheAttempt() {
        assertThat(RunnerNames.jobName("deploy-42", 1)).isEqualTo("deploy-42-1");
        assertThat(RunnerNames.requestSecretName("deploy-42-1")).isEqualTo("deploy-42-1-request");
        assertThat(RunnerNames.labelValue("deploy-42")).isEqualTo("deploy-42");
    }

    @Test
    void longNamesAreCutToADnsLabelAndStayDistinct() {
        String a = "a".repeat(70) + "-first";
        String b = "a".repeat(70) + "-second";

        String jobA = RunnerNames.jobName(a, 12);
        String jobB = RunnerNames.jobName(b, 12);

        assertThat(jobA).hasSizeLessThanOrEqualTo(63).endsWith("-12").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(jobB).hasSizeLessThanOrEqualTo(63).endsWith("-12");
        assertThat(jobA).isNotEqualTo(jobB);
        assertThat(RunnerNames.jobName(a, 12)).isEqualTo(jobA);
        assertThat(RunnerNames.labelValue(a)).hasSize(63).isNotEqualTo(RunnerNames.labelValue(b));
    }

    @Test
    void aCutNeverEndsWithAPunctuationCharacter() {
        String name = "x".repeat(51) + "-.-" + "y".repeat(20);

        assertThat(RunnerNames.shorten(name, 63)).matches("x{51}-[0-9a-f]{10}");
    }
}
