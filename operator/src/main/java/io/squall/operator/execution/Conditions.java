package io.squall.operator.execution;

import io.fabric8.kubernetes.api.model.Condition;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.operator.status.StatusConditions;
import java.time.Instant;
import java.util.Optional;

/**
 * The lifecycle conditions of an Execution (beside Ready, which says whether its spec is valid):
 * <ul>
 * <li>{@value #SCHEDULED}: True once the current attempt's Job exists; False with reason {@value #RETRY_PENDING}
 * while a retry waits for its delay (counted from the condition's lastTransitionTime).</li>
 * <li>{@value #RUNNING}: True while the runner pod runs.</li>
 * <li>{@value #COMPLETED}: True once the execution has finished; the reason is the final phase.</li>
 * <li>{@value #TRIGGER_PUBLISHED}: True once its core.action.completed trigger is on NATS.</li>
 * </ul>
 * As with Ready ({@link StatusConditions}: one upsert for all kinds), lastTransitionTime moves only when a
 * condition's status flips.
 */
public final class Conditions {

    public static final String SCHEDULED = "Scheduled";
    public static final String RUNNING = "Running";
    public static final String COMPLETED = "Completed";
    public static final String TRIGGER_PUBLISHED = "ActionTriggerPublished";
    /** Inquiries: whether spec.response was accepted. */
    public static final String RESPONSE_ACCEPTED = "ResponseAccepted";

    public static final String INQUIRY_OPEN = "InquiryOpen";
    public static final String INVALID_RESPONSE = "InvalidResponse";

    public static final String JOB_CREATED = "JobCreated";
    /** Waiting for a slot of the Action's concurrency policy. */
    public static final String CONCURRENCY_LIMIT = "ConcurrencyLimit";
    /** A kv action: the operator ran it itself, no Job. */
    public static final String RAN_IN_OPERATOR = "RanInOperator";

    public static final String RETRY_PENDING = "RetryPending";
    public static final String POD_RUNNING = "PodRunning";
    public static final String ATTEMPT_ENDED = "AttemptEnded";
    public static final String PUBLISHED = "Published";

    public static final String TRUE = StatusConditions.TRUE;
    public static final String FALSE = StatusConditions.FALSE;

    private Conditions() {}

    public static void set(
            ExecutionStatus status,
            Long generation,
            String type,
            boolean value,
            String reason,
            String message,
            Instant now) {
        status.conditions = StatusConditions.set(status.conditions, type, value, reason, message, generation, now);
    }

    public static Optional<Condition> find(ExecutionStatus status, String type) {
        return status == null ? Optional.empty() : StatusConditions.find(status.conditions, type);
    }

    public static boolean isTrue(ExecutionStatus status, String type) {
        return status != null && StatusConditions.isTrue(status.conditions, type);
    }
}
