package io.squall.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.squall.api.v1alpha1.RuleStatus;
import io.squall.operator.validation.Reasons;
import io.squall.operator.validation.Validation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyConditionTest {

    private static final Instant T1 = Instant.parse("2030-01-01T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2030-01-01T11:00:00Z");

    @Test
    void validResourceIsReadyTrueWithObservedGeneration() {
        RuleStatus status = new RuleStatus();
        ReadyCondition.apply(status, 3L, new Validation(), T1);
        Condition ready = ReadyCondition.find(status.conditions);
        assertThat(status.observedGeneration).isEqualTo(3L);
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo(Reasons.VALID);
        assertThat(ready.getObservedGeneration()).isEqualTo(3L);
        assertThat(ready.getLastTransitionTime()).isEqualTo("2030-01-01T10:00:00Z");
    }

    @Test
    void lastTransitionTimeStaysWhileStatusDoesNotChange() {
        RuleStatus status = new RuleStatus();
        Validation missing = new Validation().problem(Reasons.ACTION_NOT_FOUND, "spec.action.ref", "x");
        ReadyCondition.apply(status, 1L, missing, T1);
        Validation otherProblem = new Validation().problem(Reasons.INVALID_CRITERIA, "spec.criteria", "y");
        ReadyCondition.apply(status, 2L, otherProblem, T2);
        Condition ready = ReadyCondition.find(status.conditions);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(Reasons.INVALID_CRITERIA);
        assertThat(ready.getMessage()).isEqualTo("spec.criteria: y");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2030-01-01T10:00:00Z");
        assertThat(status.observedGeneration).isEqualTo(2L);
    }

    @Test
    void lastTransitionTimeMovesWhenStatusFlips() {
        RuleStatus status = new RuleStatus();
        ReadyCondition.apply(
                status, 1L, new Validation().problem(Reasons.ACTION_NOT_FOUND, "spec.action.ref", "x"), T1);
        ReadyCondition.apply(status, 1L, new Validation(), T2);
        assertThat(ReadyCondition.find(status.conditions).getLastTransitionTime())
                .isEqualTo("2030-01-01T11:00:00Z");
    }

    @Test
    void otherConditionsAreKept() {
        RuleStatus status = new RuleStatus();
        status.conditions = List.of(
                new ConditionBuilder().withType("Enforcing").withStatus("True").build());
        ReadyCondition.apply(status, 1L, new Validation(), T1);
        assertThat(status.conditions).extracting(Condition::getType).containsExactly("Enforcing", "Ready");
    }
}
