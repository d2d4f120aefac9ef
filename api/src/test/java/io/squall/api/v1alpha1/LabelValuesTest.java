package io.squall.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelValuesTest {
    private static final String LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

    @Test
    void aValidValueIsKeptAndAnyOtherBecomesAValidDistinctOne() {
        assertThat(LabelValues.of("incident-42")).isEqualTo("incident-42");
        String injected = LabelValues.of("injected.default.asg-governor-x7k2p.8c1e0f3a-2b47-4bd2-9d4c-7b1d3c1c6a2e.1");
        assertThat(injected).matches(LABEL_VALUE).hasSize(63).startsWith("injected.default.asg-governor-x7k2p.8c1e");
        String withColons = LabelValues.of("poll:https://example.com/items/42");
        assertThat(withColons).matches(LABEL_VALUE).startsWith("poll-https---example.com-items-42-");
        assertThat(LabelValues.of("poll:https://example.com/items/43")).isNotEqualTo(withColons);
        assertThat(LabelValues.of("::::")).matches(LABEL_VALUE).hasSize(LabelValues.HASH_LENGTH);
    }
}
