package io.squall.api.v1alpha1;

/** Lifecycle of an execution, StackStorm's statuses in Kubernetes spelling. */
public enum ExecutionPhase {
    Requested, Scheduled, Running, Pausing, Paused, Canceling, Succeeded, Failed, TimedOut, Canceled, Abandoned;

    /** A finished execution never changes phase again. */
    public boolean isFinal() {
        return this == Succeeded || this == Failed || this == TimedOut || this == Canceled || this == Abandoned;
    }
}
