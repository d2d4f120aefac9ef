package io.squall.api.v1alpha1;

/** The two kinds of runnable things. */
public enum ActionKind {
    Action,
    Workflow
}
