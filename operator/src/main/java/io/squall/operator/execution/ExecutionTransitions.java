package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.RetrySpec;
import io.squall.operator.status.ReadyCondition;
import io.squall.operator.validation.Validation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The Execution state machine: Requested → Scheduled (Job created) → Running → Succeeded | Failed | TimedOut
 * | Canceled, with a failed or timed-out attempt going back to Requested while the Action's retry policy allows
 * another one. Each transition is a guarded, pure change of a status: it applies only to the state it
 * expects (phase and attempt), so a stale cache, a redelivered result or a result of an old attempt changes
 * nothing. Each returns the Kubernetes Event to record, or empty when nothing changed.
 */
public final class ExecutionTransitions {

    /** A Kubernetes Event about a transition: type Normal or Warning. */
    public record Transition(String type, String reason, String message) {
        static Transition normal(String reason, String message) {
            return new Transition("Normal", reason, message);
        }

        static Transition warning(String reason, String message) {
            return new Transition("Warning", reason, message);
        }
    }

    /**
     * How an attempt ended.
     *
     * @param phase    Succeeded, Failed, TimedOut or Canceled
     * @param error    why it did not succeed (null when it did)
     * @param endedAt  when it ended (the runner's clock when it reported, else the operator's)
     */
    public record AttemptEnd(
            int attempt,
            ExecutionPhase phase,
            String error,
            JsonNode result,
            boolean resultTruncated,
            String resultRef,
            Instant endedAt) {}

    private ExecutionTransitions() {}

    /** Attempt {@code attempt}'s Job exists: from Requested (attempt 1, or a retry after attempt - 1). */
    public static Optional<Transition> scheduled(Execution execution, int attempt, String jobName, Instant now) {
        ExecutionStatus status = status(execution);
        if (!isRequested(status) || attempts(status) != attempt - 1) {
            return Optional.empty();
        }
        status.phase = ExecutionPhase.Scheduled;
        status.attempts = attempt;
        status.jobName = jobName;
        if (status.startTime == null) {
            status.startTime = timestamp(now);
        }
        String message = "Job " + jobName + " created for attempt " + attempt;
        Conditions.set(status, generation(execution), Conditions.SCHEDULED, true, Conditions.JOB_CREATED, message, now);
        return Optional.of(Transition.normal("Scheduled", message));
    }

    /**
     * An attempt the operator ran itself (runner kv) ended: from Requested (attempt 1, or a retry) straight to its
     * outcome in one status write, as attemptEnded would from Running.
     */
    public static Optional<Transition> ranInOperator(
            Execution execution, AttemptEnd end, RetrySpec retry, Instant now) {
        ExecutionStatus status = status(execution);
        if (!isRequested(status) || attempts(status) != end.attempt() - 1) {
            return Optional.empty();
        }
        status.attempts = end.attempt();
        status.jobName = null;
        if (status.startTime == null) {
            status.startTime = timestamp(now);
        }
        Conditions.set(
                status,
                generation(execution),
                Conditions.SCHEDULED,
                true,
                Conditions.RAN_IN_OPERATOR,
                "attempt " + end.attempt() + " ran in the operator (runner kv, no Job)",
                now);
        status.phase = ExecutionPhase.Running;
        return attemptEnded(execution, end, retry, now);
    }

    /** The runner pod of the current attempt runs. */
    public static Optional<Transition> running(Execution execution, int attempt, String podName, Instant now) {
        ExecutionStatus status = status(execution);
        if (status.phase != ExecutionPhase.Scheduled || attempts(status) != attempt) {
            return Optional.empty();
        }
        status.phase = ExecutionPhase.Running;
        String message = "pod " + podName + " of attempt " + attempt + " is running";
        Conditions.set(status, generation(execution), Conditions.RUNNING, true, Conditions.POD_RUNNING, message, now);
        return Optional.of(Transition.normal("Running", message));
    }

    /**
     * The current attempt ended: the execution finishes with its outcome, or goes back to Requested when the
     * retry policy allows another attempt (the result and error of this attempt stay visible until then).
     */
    public static Optional<Transition> attemptEnded(Execution execution, AttemptEnd end, RetrySpec retry, Instant now) {
        ExecutionStatus status = status(execution);
        if (!isInProgress(status) || attempts(status) != end.attempt()) {
            return Optional.empty();
        }
        status.result = end.result();
        status.resultTruncated = end.resultTruncated() ? Boolean.TRUE : null;
        status.resultRef = end.resultRef();
        Conditions.set(
                status,
                generation(execution),
                Conditions.RUNNING,
                false,
                Conditions.ATTEMPT_ENDED,
                "attempt " + end.attempt() + " ended " + end.phase(),
                now);
        if (retryAllowed(retry, end.attempt(), end.phase())) {
            int delay = retry.delay == null ? 0 : retry.delay;
            int total = retry.count + 1;
            status.phase = ExecutionPhase.Requested;
            status.error = "attempt " + end.attempt() + ": " + end.error();
            String message =
                    status.error + "; attempt " + (end.attempt() + 1) + " of " + total + " starts in " + delay + "s";
            Conditions.set(
                    status, generation(execution), Conditions.SCHEDULED, false, Conditions.RETRY_PENDING, message, now);
            return Optional.of(Transition.warning("Retrying", message));
        }
        status.error = end.phase() == ExecutionPhase.Succeeded ? null : end.error();
        return Optional.of(finish(
                execution,
                end.phase(),
                end.endedAt() == null ? now : end.endedAt(),
                now,
                end.phase() == ExecutionPhase.Succeeded ? "the action succeeded" : end.error()));
    }

    /** Ready (and observedGeneration) from the spec's validation; the rest of the status as it is. */
    public static void validated(Execution execution, Validation validation, Instant now) {
        ReadyCondition.apply(status(execution), generation(execution), validation, now);
    }

    /**
     * The execution does not start (yet): it stays Requested and its Ready condition says why (a missing Action, a
     * target this operator cannot run). A Warning Event tells it when Ready turns False or its reason or message
     * changes, so once and not at every reconcile.
     */
    public static Optional<Transition> notStarted(
            Execution execution, boolean ready, String reason, String message, Instant now) {
        ExecutionStatus status = status(execution);
        Condition before = ReadyCondition.find(status.conditions);
        ReadyCondition.apply(status, generation(execution), ready, reason, message, now);
        if (status.phase == null) {
            status.phase = ExecutionPhase.Requested;
        }
        boolean told = before != null
                && ReadyCondition.FALSE.equals(before.getStatus())
                && reason.equals(before.getReason())
                && message.equals(before.getMessage());
        return ready || told ? Optional.empty() : Optional.of(Transition.warning(reason, message));
    }

    /** The execution cannot run at all (a disabled Action, a missing script or parameter Secret...). */
    public static Optional<Transition> failedToStart(Execution execution, String error, Instant now) {
        ExecutionStatus status = status(execution);
        if (isFinal(status)) {
            return Optional.empty();
        }
        status.error = error;
        return Optional.of(finish(execution, ExecutionPhase.Failed, now, now, error));
    }

    /** spec.cancel is true: the execution ends Canceled, whatever attempt was running or waiting. */
    public static Optional<Transition> canceled(Execution execution, Instant now) {
        ExecutionStatus status = status(execution);
        if (isFinal(status)) {
            return Optional.empty();
        }
        if (status.phase == ExecutionPhase.Running) {
            Conditions.set(
                    status,
                    generation(execution),
                    Conditions.RUNNING,
                    false,
                    Conditions.ATTEMPT_ENDED,
                    "attempt " + attempts(status) + " was canceled",
                    now);
        }
        return Optional.of(finish(execution, ExecutionPhase.Canceled, now, now, "canceled: spec.cancel is true"));
    }

    /** An inquiry (core-ask) opened: the execution waits, Pending, for a response; its result is the question. */
    public static Optional<Transition> inquiryOpened(
            Execution execution, JsonNode question, String message, Instant now) {
        ExecutionStatus status = status(execution);
        if (!isRequested(status)) {
            return Optional.empty();
        }
        status.attempts = attempts(status) + 1;
        status.jobName = null;
        status.phase = ExecutionPhase.Pending;
        status.result = question;
        if (status.startTime == null) {
            status.startTime = timestamp(now);
        }
        Conditions.set(
                status, generation(execution), Conditions.SCHEDULED, true, Conditions.INQUIRY_OPEN, message, now);
        return Optional.of(Transition.normal("Pending", message));
    }

    /** A response the inquiry's schema refuses: it stays Pending, saying why (one Warning per distinct reason). */
    public static Optional<Transition> responseRefused(Execution execution, String message, Instant now) {
        ExecutionStatus status = status(execution);
        if (status.phase != ExecutionPhase.Pending) {
            return Optional.empty();
        }
        Condition before = status.conditions == null
                ? null
                : status.conditions.stream()
                        .filter(c -> Conditions.RESPONSE_ACCEPTED.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
        Conditions.set(
                status,
                generation(execution),
                Conditions.RESPONSE_ACCEPTED,
                false,
                Conditions.INVALID_RESPONSE,
                message,
                now);
        return before != null && message.equals(before.getMessage())
                ? Optional.empty()
                : Optional.of(Transition.warning("ResponseRefused", message));
    }

    /**
     * The inquiry was answered (Succeeded, the result carries the response and, checked by the admission webhook,
     * responded_by) or expired (TimedOut).
     */
    public static Optional<Transition> inquiryClosed(
            Execution execution, ExecutionPhase phase, JsonNode result, String error, Instant now) {
        ExecutionStatus status = status(execution);
        if (status.phase != ExecutionPhase.Pending) {
            return Optional.empty();
        }
        status.result = result;
        status.error = error;
        if (phase == ExecutionPhase.Succeeded) {
            Conditions.set(
                    status,
                    generation(execution),
                    Conditions.RESPONSE_ACCEPTED,
                    true,
                    "ResponseAccepted",
                    "spec.response matches the inquiry's schema",
                    now);
        }
        String answered = result != null && result.hasNonNull("responded_by")
                ? "the inquiry was answered by " + result.get("responded_by").asText()
                : "the inquiry was answered";
        return Optional.of(finish(execution, phase, now, now, phase == ExecutionPhase.Succeeded ? answered : error));
    }

    /** The Action's concurrency policy (cancel) has no slot free: the execution ends Canceled, saying so. */
    public static Optional<Transition> canceledByPolicy(Execution execution, String message, Instant now) {
        ExecutionStatus status = status(execution);
        if (!isRequested(status)) {
            return Optional.empty();
        }
        status.error = message;
        return Optional.of(finish(execution, ExecutionPhase.Canceled, now, now, message));
    }

    /** The core.action.completed trigger of a finished execution has been published. */
    public static Optional<Transition> triggerPublished(Execution execution, String triggerId, Instant now) {
        ExecutionStatus status = status(execution);
        if (!isFinal(status) || Conditions.isTrue(status, Conditions.TRIGGER_PUBLISHED)) {
            return Optional.empty();
        }
        Conditions.set(
                status,
                generation(execution),
                Conditions.TRIGGER_PUBLISHED,
                true,
                Conditions.PUBLISHED,
                "trigger " + triggerId + " published",
                now);
        return Optional.of(Transition.normal(
                "ActionTriggerPublished", "core.action.completed trigger " + triggerId + " published"));
    }

    /** When the next attempt may start, while a retry waits (phase Requested after a failed attempt). */
    public static Optional<Instant> retryAt(Execution execution, RetrySpec retry) {
        ExecutionStatus status = execution.getStatus();
        if (!isRequested(status) || attempts(status) == 0) {
            return Optional.empty();
        }
        int delay = retry == null || retry.delay == null ? 0 : retry.delay;
        return Conditions.find(status, Conditions.SCHEDULED)
                .filter(c -> Conditions.RETRY_PENDING.equals(c.getReason()))
                .map(c -> Instant.parse(c.getLastTransitionTime()).plusSeconds(delay));
    }

    /** StackStorm's retry policy: {@code count} more attempts when an attempt ends in one of {@code retryOn}. */
    public static boolean retryAllowed(RetrySpec retry, int attemptsMade, ExecutionPhase outcome) {
        if (retry == null || retry.count == null || attemptsMade > retry.count) {
            return false;
        }
        List<RetrySpec.On> on = retry.retryOn == null || retry.retryOn.isEmpty()
                ? List.of(RetrySpec.On.FAILED, RetrySpec.On.TIMEDOUT)
                : retry.retryOn;
        return outcome == ExecutionPhase.Failed && on.contains(RetrySpec.On.FAILED)
                || outcome == ExecutionPhase.TimedOut && on.contains(RetrySpec.On.TIMEDOUT);
    }

    public static boolean isFinal(ExecutionStatus status) {
        return status != null && status.phase != null && status.phase.isFinal();
    }

    /** A Job exists for the current attempt and it has not ended. */
    public static boolean isInProgress(ExecutionStatus status) {
        return status != null && (status.phase == ExecutionPhase.Scheduled || status.phase == ExecutionPhase.Running);
    }

    /** No Job runs: a new execution, one waiting for its next attempt, or for a slot of its concurrency policy. */
    public static boolean isRequested(ExecutionStatus status) {
        return status == null
                || status.phase == null
                || status.phase == ExecutionPhase.Requested
                || status.phase == ExecutionPhase.Delayed;
    }

    /**
     * The Action's concurrency policy has no slot free (policy delay): the execution waits, Delayed, and starts when
     * one frees, first come first served. One Event when it starts waiting.
     */
    public static Optional<Transition> delayed(Execution execution, String message, Instant now) {
        ExecutionStatus status = status(execution);
        if (!isRequested(status)) {
            return Optional.empty();
        }
        boolean already = status.phase == ExecutionPhase.Delayed;
        status.phase = ExecutionPhase.Delayed;
        Conditions.set(
                status, generation(execution), Conditions.SCHEDULED, false, Conditions.CONCURRENCY_LIMIT, message, now);
        return already ? Optional.empty() : Optional.of(Transition.normal("Delayed", message));
    }

    public static int attempts(ExecutionStatus status) {
        return status == null || status.attempts == null ? 0 : status.attempts;
    }

    /** RFC 3339 with milliseconds, so that short runs get a meaningful duration. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Transition finish(
            Execution execution, ExecutionPhase phase, Instant endedAt, Instant now, String message) {
        ExecutionStatus status = execution.getStatus();
        status.phase = phase;
        if (status.startTime == null) {
            status.startTime = timestamp(endedAt);
        }
        status.endTime = timestamp(endedAt);
        status.duration = Durations.format(Duration.between(Instant.parse(status.startTime), endedAt));
        Conditions.set(status, generation(execution), Conditions.COMPLETED, true, phase.name(), message, now);
        return phase == ExecutionPhase.Succeeded || phase == ExecutionPhase.Canceled
                ? Transition.normal(phase.name(), message + " (" + status.duration + ")")
                : Transition.warning(phase.name(), message);
    }

    private static ExecutionStatus status(Execution execution) {
        if (execution.getStatus() == null) {
            execution.setStatus(new ExecutionStatus());
        }
        return execution.getStatus();
    }

    private static Long generation(Execution execution) {
        return execution.getMetadata().getGeneration();
    }
}
