package io.squall.engine.workflow;

import java.util.Set;

/** Orquesta's status names (orquesta/statuses.py); {@link #UNSET} is the string "null" as there. */
public final class Statuses {
    public static final String REQUESTED = "requested";
    public static final String SCHEDULED = "scheduled";
    public static final String DELAYED = "delayed";
    public static final String RUNNING = "running";
    public static final String PENDING = "pending";
    public static final String PAUSING = "pausing";
    public static final String PAUSED = "paused";
    public static final String RESUMING = "resuming";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String EXPIRED = "timeout";
    public static final String ABANDONED = "abandoned";
    public static final String RETRYING = "retrying";
    public static final String CANCELING = "canceling";
    public static final String CANCELED = "canceled";
    public static final String UNSET = "null";

    public static final Set<String> ALL = Set.of(
            REQUESTED, SCHEDULED, DELAYED, RUNNING, PENDING, PAUSING, PAUSED, RESUMING, SUCCEEDED, FAILED, EXPIRED,
            ABANDONED, RETRYING, CANCELING, CANCELED, UNSET);
    public static final Set<String> STARTING = Set.of(REQUESTED, SCHEDULED, DELAYED, RUNNING, PENDING);
    public static final Set<String> RUNNING_STATUSES =
            Set.of(REQUESTED, SCHEDULED, DELAYED, RUNNING, RESUMING, RETRYING);
    public static final Set<String> ACTIVE =
            Set.of(REQUESTED, SCHEDULED, DELAYED, RUNNING, RESUMING, PAUSING, CANCELING);
    public static final Set<String> PAUSE = Set.of(PAUSING, PAUSED);
    public static final Set<String> CANCEL = Set.of(CANCELING, CANCELED);
    public static final Set<String> ABENDED = Set.of(FAILED, EXPIRED, ABANDONED);
    public static final Set<String> COMPLETED = Set.of(SUCCEEDED, FAILED, EXPIRED, ABANDONED, CANCELED);

    private Statuses() {}

    public static boolean isValid(String status) {
        return status == null || ALL.contains(status);
    }

    /** A status that may be absent (Python's task_state.get("status", UNSET)). */
    public static String orUnset(String status) {
        return status == null ? UNSET : status;
    }
}
