package io.squall.api.v1alpha1;

/**
 * Lifecycle of an execution, StackStorm's statuses in Kubernetes spelling. Delayed: waiting for a slot of its
 * Action's concurrency policy (StackStorm's delayed). Pending: an inquiry (core-ask) waits for its response.
 */
public enum ExecutionPhase {
    Requested,
    Delayed,
    Scheduled,
    Running,
    Pending,
    Pausing,
    Paused,
    Canceling,
    Succeeded,
    Failed,
    TimedOut,
    Canceled,
    Abandoned;

    /** A finished execution never changes phase again. */
    public boolean isFinal() {
        return this == Succeeded || this == Failed || this == TimedOut || this == Canceled || this == Abandoned;
    }
}
