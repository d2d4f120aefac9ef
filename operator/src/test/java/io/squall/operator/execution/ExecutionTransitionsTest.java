package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.RetrySpec;
import io.squall.operator.execution.ExecutionTransitions.AttemptEnd;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Execution state machine and its guards, without any server. */
class ExecutionTransitionsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.250Z");

    private static Execution fresh() {
        return Fixtures.execution("  action: {name: act}");
    }

    private static Execution running(int attempt) {
        Execution execution = fresh();
        for (int a = 1; a <= attempt; a++) {
            if (a > 1) {
                execution.getStatus().phase = ExecutionPhase.Requested;
            }
            ExecutionTransitions.scheduled(execution, a, "run-1-" + a, T0);
        }
        ExecutionTransitions.running(execution, attempt, "run-1-" + attempt + "-abcde", T0.plusSeconds(1));
        return execution;
    }

    private static AttemptEnd end(int attempt, ExecutionPhase phase, String error, Instant at) {
        return new AttemptEnd(
                attempt, phase, error, JsonNodeFactory.instance.objectNode().put("return_code", 1), false, null, at);
    }

    private static RetrySpec retry(int count, int delay, RetrySpec.On... on) {
        RetrySpec retry = new RetrySpec();
        retry.count = count;
        retry.delay = delay;
        retry.retryOn = on.length == 0 ? null : List.of(on);
        return retry;
    }

    @Test
    void anExecutionThatCannotStartStaysRequestedAndWarnsOncePerReason() {
        Execution execution = fresh();

        Transition first = ExecutionTransitions.notStarted(execution, false, "Unsupported", "no engine", T0)
                .orElseThrow();
        assertThat(first.type()).isEqualTo("Warning");
        assertThat(first.reason()).isEqualTo("Unsupported");
        assertThat(first.message()).isEqualTo("no engine");
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Requested);
        assertThat(execution.getStatus().conditions).singleElement().satisfies(ready -> {
            assertThat(ready.getType()).isEqualTo("Ready");
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("Unsupported");
            assertThat(ready.getMessage()).isEqualTo("no engine");
        });

        // the same reason again (every reconcile): nothing new to tell
        assertThat(ExecutionTransitions.notStarted(execution, false, "Unsupported", "no engine", T0.plusSeconds(5)))
                .isEmpty();
        // another reason: told again
        assertThat(ExecutionTransitions.notStarted(
                        execution, false, "ActionNotFound", "spec.action.name: gone", T0.plusSeconds(9)))
                .hasValueSatisfying(t -> assertThat(t.reason()).isEqualTo("ActionNotFound"));
        // ready (valid, waiting for the cache): no Warning
        assertThat(ExecutionTransitions.notStarted(execution, true, "Valid", "spec is valid", T0.plusSeconds(10)))
                .isEmpty();
    }

    @Test
    void aNewExecutionIsScheduledOnceForAttemptOne() {
        Execution execution = fresh();

        Transition event =
                ExecutionTransitions.scheduled(execution, 1, "run-1-1", T0).orElseThrow();

        assertThat(event.reason()).isEqualTo("Scheduled");
        assertThat(event.message()).isEqualTo("Job run-1-1 created for attempt 1");
        var status = execution.getStatus();
        assertThat(status.phase).isEqualTo(ExecutionPhase.Scheduled);
        assertThat(status.attempts).isEqualTo(1);
        assertThat(status.jobName).isEqualTo("run-1-1");
        assertThat(status.startTime).isEqualTo("2026-03-01T10:00:00.250Z");
        var scheduled = Conditions.find(status, Conditions.SCHEDULED).orElseThrow();
        assertThat(scheduled.getStatus()).isEqualTo("True");
        assertThat(scheduled.getReason()).isEqualTo(Conditions.JOB_CREATED);
        assertThat(scheduled.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(scheduled.getObservedGeneration()).isEqualTo(1L);
        // a second reconcile from a stale copy, or for another attempt, changes nothing
        assertThat(ExecutionTransitions.scheduled(execution, 1, "run-1-1", T0.plusSeconds(5)))
                .isEmpty();
        assertThat(ExecutionTransitions.scheduled(fresh(), 2, "run-1-2", T0)).isEmpty();
    }

    @Test
    void runningOnlyFollowsScheduledOfTheSameAttempt() {
        Execution execution = fresh();
        assertThat(ExecutionTransitions.running(execution, 1, "p", T0)).isEmpty();
        ExecutionTransitions.scheduled(execution, 1, "run-1-1", T0);

        assertThat(ExecutionTransitions.running(execution, 2, "p", T0)).isEmpty();
        assertThat(ExecutionTransitions.running(execution, 1, "run-1-1-x", T0)
                        .orElseThrow()
                        .message())
                .isEqualTo("pod run-1-1-x of attempt 1 is running");
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Running);
        assertThat(ExecutionTransitions.running(execution, 1, "run-1-1-x", T0)).isEmpty();
    }

    @Test
    void aSucceededAttemptFinishesWithEndTimeAndDuration() {
        Execution execution = running(1);

        Transition event = ExecutionTransitions.attemptEnded(
                        execution,
                        new AttemptEnd(
                                1,
                                ExecutionPhase.Succeeded,
                                null,
                                JsonNodeFactory.instance.objectNode().put("ok", true),
                                false,
                                null,
                                T0.plusMillis(1500)),
                        null,
                        T0.plusSeconds(2))
                .orElseThrow();

        var status = execution.getStatus();
        assertThat(status.phase).isEqualTo(ExecutionPhase.Succeeded);
        assertThat(status.endTime).isEqualTo("2026-03-01T10:00:01.750Z");
        assertThat(status.duration).isEqualTo("1.5s");
        assertThat(status.result.get("ok").asBoolean()).isTrue();
        assertThat(status.error).isNull();
        assertThat(Conditions.find(status, Conditions.COMPLETED).orElseThrow().getReason())
                .isEqualTo("Succeeded");
        assertThat(Conditions.find(status, Conditions.RUNNING).orElseThrow().getStatus())
                .isEqualTo("False");
        assertThat(event.type()).isEqualTo("Normal");
        assertThat(event.message()).isEqualTo("the action succeeded (1.5s)");
    }

    @Test
    void aResultOfAnotherAttemptOrARepeatChangesNothing() {
        Execution execution = running(2);
        assertThat(ExecutionTransitions.attemptEnded(execution, end(1, ExecutionPhase.Failed, "old", T0), null, T0))
                .isEmpty();

        ExecutionTransitions.attemptEnded(execution, end(2, ExecutionPhase.Failed, "boom", T0), null, T0)
                .orElseThrow();

        assertThat(ExecutionTransitions.attemptEnded(execution, end(2, ExecutionPhase.Succeeded, null, T0), null, T0))
                .isEmpty();
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Failed);
        assertThat(execution.getStatus().error).isEqualTo("boom");
    }

    @Test
    void aFailedAttemptWithRetriesLeftGoesBackToRequested() {
        Execution execution = running(1);
        RetrySpec retry = retry(2, 10);

        Transition event = ExecutionTransitions.attemptEnded(
                        execution, end(1, ExecutionPhase.Failed, "exit 1", T0), retry, T0.plusSeconds(3))
                .orElseThrow();

        var status = execution.getStatus();
        assertThat(status.phase).isEqualTo(ExecutionPhase.Requested);
        assertThat(status.attempts).isEqualTo(1);
        assertThat(status.error).isEqualTo("attempt 1: exit 1");
        assertThat(status.endTime).isNull();
        assertThat(event.reason()).isEqualTo("Retrying");
        assertThat(event.message()).isEqualTo("attempt 1: exit 1; attempt 2 of 3 starts in 10s");
        var scheduled = Conditions.find(status, Conditions.SCHEDULED).orElseThrow();
        assertThat(scheduled.getStatus()).isEqualTo("False");
        assertThat(scheduled.getReason()).isEqualTo(Conditions.RETRY_PENDING);
        assertThat(ExecutionTransitions.retryAt(execution, retry)).contains(Instant.parse("2026-03-01T10:00:13Z"));
        // the next attempt keeps the first start time
        ExecutionTransitions.scheduled(execution, 2, "run-1-2", T0.plusSeconds(13))
                .orElseThrow();
        assertThat(status.startTime).isEqualTo("2026-03-01T10:00:00.250Z");
        assertThat(status.attempts).isEqualTo(2);
    }

    @Test
    void retriesStopAfterTheCount() {
        RetrySpec retry = retry(1, 0);
        assertThat(ExecutionTransitions.retryAllowed(retry, 1, ExecutionPhase.Failed))
                .isTrue();
        assertThat(ExecutionTransitions.retryAllowed(retry, 2, ExecutionPhase.Failed))
                .isFalse();

        Execution execution = running(2);
        ExecutionTransitions.attemptEnded(execution, end(2, ExecutionPhase.Failed, "again", T0), retry, T0);
        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Failed);
        assertThat(execution.getStatus().error).isEqualTo("again");
    }

    @Test
    void retriesFollowTheOnList() {
        assertThat(ExecutionTransitions.retryAllowed(retry(3, 0), 1, ExecutionPhase.TimedOut))
                .isTrue();
        assertThat(ExecutionTransitions.retryAllowed(retry(3, 0, RetrySpec.On.TIMEDOUT), 1, ExecutionPhase.Failed))
                .isFalse();
        assertThat(ExecutionTransitions.retryAllowed(retry(3, 0, RetrySpec.On.FAILED), 1, ExecutionPhase.TimedOut))
                .isFalse();
        assertThat(ExecutionTransitions.retryAllowed(retry(3, 0), 1, ExecutionPhase.Succeeded))
                .isFalse();
        assertThat(ExecutionTransitions.retryAllowed(retry(3, 0), 1, ExecutionPhase.Canceled))
                .isFalse();
        assertThat(ExecutionTransitions.retryAllowed(null, 1, ExecutionPhase.Failed))
                .isFalse();
    }

    @Test
    void cancelEndsAnyUnfinishedExecutionOnce() {
        Execution execution = running(1);

        Transition event =
                ExecutionTransitions.canceled(execution, T0.plusSeconds(4)).orElseThrow();

        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Canceled);
        assertThat(execution.getStatus().duration).isEqualTo("4.0s");
        assertThat(event.reason()).isEqualTo("Canceled");
        assertThat(ExecutionTransitions.canceled(execution, T0.plusSeconds(5))).isEmpty();
        assertThat(ExecutionTransitions.attemptEnded(execution, end(1, ExecutionPhase.Succeeded, null, T0), null, T0))
                .isEmpty();
    }

    @Test
    void failedToStartNeedsNoAttempt() {
        Execution execution = fresh();

        ExecutionTransitions.failedToStart(execution, "spec.scriptRef.configMap: ConfigMap x not found", T0)
                .orElseThrow();

        assertThat(execution.getStatus().phase).isEqualTo(ExecutionPhase.Failed);
        assertThat(execution.getStatus().attempts).isNull();
        assertThat(execution.getStatus().startTime).isEqualTo(execution.getStatus().endTime);
        assertThat(execution.getStatus().duration).isEqualTo("0.0s");
    }

    @Test
    void theCompletedTriggerIsRecordedOnlyForAFinishedExecution() {
        Execution execution = running(1);
        assertThat(ExecutionTransitions.triggerPublished(execution, "id", T0)).isEmpty();
        ExecutionTransitions.canceled(execution, T0);

        assertThat(ExecutionTransitions.triggerPublished(execution, "id", T0)).isPresent();
        assertThat(Conditions.isTrue(execution.getStatus(), Conditions.TRIGGER_PUBLISHED))
                .isTrue();
        assertThat(ExecutionTransitions.triggerPublished(execution, "id", T0)).isEmpty();
    }
}
