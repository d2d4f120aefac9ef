package io.squall.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.testsupport.Resources;
import org.junit.jupiter.api.Test;

class ExecutionValidatorTest {

    private static final ReferenceLookup ONLY_ACTION_RUN =
            (kind, name) -> kind == ActionKind.Action && name.equals("run");

    private static Validation validate(String target) {
        return ExecutionValidator.validate(
                Resources.yaml(
                                "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: e, namespace: ns}\nspec:\n  action: "
                                        + target + "\n",
                                Execution.class)
                        .getSpec(),
                "ns",
                ONLY_ACTION_RUN);
    }

    @Test
    void existingActionIsValid() {
        assertThat(validate("{name: run}").isValid()).isTrue();
    }

    @Test
    void missingTargetNamesTheField() {
        Validation v = validate("{name: gone}");
        assertThat(v.reason()).isEqualTo(Reasons.ACTION_NOT_FOUND);
        assertThat(v.message()).isEqualTo("spec.action.name: Action \"gone\" not found in namespace \"ns\"");
        assertThat(validate("{name: run, kind: Workflow}").message())
                .isEqualTo("spec.action.name: Workflow \"run\" not found in namespace \"ns\"");
    }
}
