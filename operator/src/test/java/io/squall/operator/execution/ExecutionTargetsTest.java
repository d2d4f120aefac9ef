package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.operator.validation.Reasons;

/** What the operator can run, per kind of target, without a server. */
class ExecutionTargetsTest {

    private static final Set<RunnerType> ALL = EnumSet.allOf(RunnerType.class);

    @Test
    void aWorkflowCannotRunUntilThereIsAWorkflowEngine() {
        assertThat(ExecutionTargets.check(ActionKind.Workflow, "triage", null, ALL)).hasValueSatisfying(cannot -> {
            assertThat(cannot.reason()).isEqualTo(Reasons.UNSUPPORTED);
            assertThat(cannot.message()).startsWith("Workflow triage cannot run: this operator has no workflow engine");
        });
    }

    @Test
    void anActionRunsWhenTheRunnerImageRunsItsType() {
        assertThat(ExecutionTargets.check(ActionKind.Action, "act", Fixtures.action("  runner: python\n  script: x\n"),
                ALL)).isEmpty();
        assertThat(ExecutionTargets.check(ActionKind.Action, "act", Fixtures.action("  runner: shell\n  command: x\n"),
                EnumSet.of(RunnerType.SHELL))).isEmpty();
    }

    @Test
    void anActionOfARunnerTypeTheImageLacksCannotRunUnlessItBringsItsOwnImage() {
        Set<RunnerType> noPython = EnumSet.of(RunnerType.SHELL, RunnerType.NOOP);

        assertThat(ExecutionTargets.check(ActionKind.Action, "act", Fixtures.action("  runner: python\n  script: x\n"),
                noPython)).hasValueSatisfying(cannot -> {
                    assertThat(cannot.reason()).isEqualTo(Reasons.RUNNER_UNAVAILABLE);
                    assertThat(cannot.message()).isEqualTo("Action act uses runner python, which the runner image of "
                            + "this cluster does not run (it runs noop, shell; squall.runner.types, chart value "
                            + "runner.types). Set spec.image of the Action to an image that runs python, or add python "
                            + "to runner.types once the runner image has it");
                });
        assertThat(ExecutionTargets.check(ActionKind.Action, "act",
                Fixtures.action("  runner: python\n  script: x\n  image: my/python-runner:1\n"), noPython)).isEmpty();
    }
}
