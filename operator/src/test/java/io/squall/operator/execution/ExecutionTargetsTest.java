package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.operator.validation.Reasons;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the operator can run, per kind of target, without a server. */
class ExecutionTargetsTest {

    private static final Set<RunnerType> ALL = EnumSet.allOf(RunnerType.class);

    @Test
    void aWorkflowRunsWithNatsAndCannotWithout() {
        assertThat(ExecutionTargets.check(ActionKind.Workflow, "triage", null, ALL, true))
                .isEmpty();
        assertThat(ExecutionTargets.check(ActionKind.Workflow, "triage", null, ALL, false))
                .hasValueSatisfying(cannot -> {
                    assertThat(cannot.reason()).isEqualTo(Reasons.UNSUPPORTED);
                    assertThat(cannot.message())
                            .startsWith("Workflow triage cannot run: the workflow engine keeps the state of "
                                    + "each workflow in NATS JetStream and NATS is off (squall.nats.enabled=false)");
                });
    }

    @Test
    void anActionRunsWhenTheRunnerImageRunsItsType() {
        assertThat(ExecutionTargets.check(
                        ActionKind.Action, "act", Fixtures.action("  runner: python\n  script: x\n"), ALL, true))
                .isEmpty();
        assertThat(ExecutionTargets.check(
                        ActionKind.Action,
                        "act",
                        Fixtures.action("  runner: shell\n  command: x\n"),
                        EnumSet.of(RunnerType.SHELL),
                        true))
                .isEmpty();
    }

    @Test
    void anActionOfARunnerTypeTheImageLacksCannotRunUnlessItBringsItsOwnImage() {
        Set<RunnerType> noPython = EnumSet.of(RunnerType.SHELL, RunnerType.NOOP);

        assertThat(ExecutionTargets.check(
                        ActionKind.Action, "act", Fixtures.action("  runner: python\n  script: x\n"), noPython, true))
                .hasValueSatisfying(cannot -> {
                    assertThat(cannot.reason()).isEqualTo(Reasons.RUNNER_UNAVAILABLE);
                    assertThat(cannot.message())
                            .isEqualTo("Action act uses runner python, which the runner image of "
                                    + "this cluster does not run (it runs noop, shell; squall.runner.types, chart value "
                                    + "runner.types). Set spec.image of the Action to an image that runs python, or add python "
                                    + "to runner.types once the runner image has it");
                });
        assertThat(ExecutionTargets.check(
                        ActionKind.Action,
                        "act",
                        Fixtures.action("  runner: python\n  script: x\n  image: my/python-runner:1\n"),
                        noPython,
                        true))
                .isEmpty();
    }
}
