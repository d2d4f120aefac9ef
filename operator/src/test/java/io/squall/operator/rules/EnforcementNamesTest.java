package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.Names;
import org.junit.jupiter.api.Test;

class EnforcementNamesTest {

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

    @Test
    void executionNameIsDeterministicPerRuleAndTrigger() {
        String name = EnforcementNames.executionName("team-a", "on-alert", "3f2a-1");
        assertThat(name)
                .isEqualTo(EnforcementNames.executionName("team-a", "on-alert", "3f2a-1"))
                .startsWith("on-alert-")
                .hasSize("on-alert-".length() + 10)
                .matches(DNS_LABEL);
        assertThat(EnforcementNames.executionName("team-a", "on-alert", "3f2a-2"))
                .isNotEqualTo(name);
        assertThat(EnforcementNames.executionName("team-b", "on-alert", "3f2a-1"))
                .isNotEqualTo(name);
        assertThat(EnforcementNames.executionName("team-a", "other", "3f2a-1")).isNotEqualTo(name);
    }

    @Test
    void longOrDottedRuleNamesGiveADnsLabelOfAtMost63Characters() {
        String rule = "a.very.long.rule.name.that.goes.on.and.on.and.on.far.beyond.sixty-three.characters.x";
        String name = EnforcementNames.executionName("ns", rule, "t1");
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL).startsWith("a-very-long-rule");
        // trimmed at a dot or dash: no "--" or "-." before the hash
        assertThat(EnforcementNames.executionName("ns", "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefg-xyz", "t"))
                .matches(DNS_LABEL)
                .doesNotContain("--");
        // the job-name and the params Secret stay within what Kubernetes accepts
        assertThat(Names.secretParametersName(name)).hasSizeLessThanOrEqualTo(253);
    }

    @Test
    void labelValuesAreKeptWhenValidAndHashedOtherwise() {
        assertThat(EnforcementNames.labelValue("0d9f6c1e-2b47-4bd2-9d4c-7b1d3c1c6a2e"))
                .isEqualTo("0d9f6c1e-2b47-4bd2-9d4c-7b1d3c1c6a2e");
        String withColons = EnforcementNames.labelValue("poll:https://example.com/items/42");
        assertThat(withColons)
                .matches(LABEL_VALUE)
                .hasSizeLessThanOrEqualTo(63)
                .startsWith("poll-https---example.com-items-42-");
        assertThat(EnforcementNames.labelValue("poll:https://example.com/items/43"))
                .isNotEqualTo(withColons);
        String tooLong = "x".repeat(80);
        assertThat(EnforcementNames.labelValue(tooLong)).matches(LABEL_VALUE).hasSize(63);
        assertThat(EnforcementNames.labelValue("::::")).matches(LABEL_VALUE).hasSize(10);
    }
}
