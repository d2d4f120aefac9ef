package io.squall.operator.execution;

import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.operator.validation.Reasons;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether this operator can run the target of a valid Execution, decided per kind in this one place. An Execution it
 * cannot run is not failed: it stays Requested with {@code Ready=False}, the reason and a message that says why and
 * what fixes it, and one Warning Event, so that an operator that can run it (a new version, another setting) starts
 * it where it is.
 * <ul>
 * <li>Workflow: the workflow engine keeps its state in JetStream, so it needs NATS ({@code squall.nats.enabled},
 * {@value Reasons#UNSUPPORTED} without it).</li>
 * <li>Action of runner kv or inquirer: the operator runs it, with NATS ({@value Reasons#UNSUPPORTED} without).</li>
 * <li>Action: its runner type must be one the runner image runs ({@code squall.runner.types}, chart value
 * {@code runner.types}), unless the Action brings its own {@code spec.image} ({@value Reasons#RUNNER_UNAVAILABLE}).</li>
 * </ul>
 */
public final class ExecutionTargets {

    /** Why an Execution cannot run here: the reason and message of its Ready condition and of its Warning Event. */
    public record CannotRun(String reason, String message) {}

    private ExecutionTargets() {}

    /**
     * @param action      the Action an Execution of kind Action runs (null for a Workflow)
     * @param runnerTypes the runner types the runner image runs
     */
    public static Optional<CannotRun> check(
            ActionKind kind, String name, Action action, Set<RunnerType> runnerTypes, boolean natsEnabled) {
        return switch (kind) {
            case Workflow ->
                natsEnabled
                        ? Optional.empty()
                        : Optional.of(new CannotRun(
                                Reasons.UNSUPPORTED,
                                "Workflow "
                                        + name
                                        + " cannot run: the workflow engine keeps the state of each workflow in NATS JetStream and "
                                        + "NATS is off (squall.nats.enabled=false). The Execution stays Requested; an operator with NATS "
                                        + "starts it"));
            case Action -> action == null ? Optional.empty() : runner(action, runnerTypes, natsEnabled);
        };
    }

    private static Optional<CannotRun> runner(Action action, Set<RunnerType> runnerTypes, boolean natsEnabled) {
        RunnerType type = action.getSpec().runner;
        if (type != null && type.runsInOperator()) {
            return natsEnabled
                    ? Optional.empty()
                    : Optional.of(new CannotRun(
                            Reasons.UNSUPPORTED,
                            "Action "
                                    + action.getMetadata().getName() + " uses runner " + name(type)
                                    + ", which the operator runs with NATS "
                                    + "JetStream (the datastore, the inquiry trigger) and NATS is off (squall.nats.enabled=false). The "
                                    + "Execution stays Requested; an operator with NATS runs it"));
        }
        boolean ownImage =
                action.getSpec().image != null && !action.getSpec().image.isBlank();
        if (type == null || ownImage || runnerTypes.contains(type)) {
            return Optional.empty();
        }
        String runner = name(type);
        return Optional.of(new CannotRun(
                Reasons.RUNNER_UNAVAILABLE,
                "Action " + action.getMetadata().getName()
                        + " uses runner " + runner + ", which the runner image of this cluster does not run (it runs "
                        + runnerTypes.stream()
                                .map(ExecutionTargets::name)
                                .sorted()
                                .collect(Collectors.joining(", "))
                        + "; squall.runner.types, chart value runner.types). Set spec.image of the Action to an image that runs "
                        + runner + ", or add " + runner + " to runner.types once the runner image has it"));
    }

    /** The name users write: shell, python... */
    private static String name(RunnerType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
