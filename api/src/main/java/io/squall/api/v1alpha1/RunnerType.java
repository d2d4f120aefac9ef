package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * StackStorm runners Squall implements (local-shell-cmd, local-shell-script, http-request, python-script, noop),
 * {@code kubernetes}: get/apply/patch/scale/delete/wait on one object with the Action's service account, and
 * {@code kv}: the datastore actions (core.kv-*), and {@code inquirer}: core-ask (StackStorm's inquiries), which the
 * operator runs itself, without a Job, and {@code trigger}: core-inject-trigger (StackStorm's core.inject_trigger),
 * which the operator publishes itself.
 */
public enum RunnerType {
    @JsonProperty("shell")
    SHELL,
    @JsonProperty("script")
    SCRIPT,
    @JsonProperty("http")
    HTTP,
    @JsonProperty("python")
    PYTHON,
    @JsonProperty("noop")
    NOOP,
    @JsonProperty("kubernetes")
    KUBERNETES,
    @JsonProperty("kv")
    KV,
    @JsonProperty("inquirer")
    INQUIRER,
    @JsonProperty("trigger")
    TRIGGER;

    /** StackStorm's default timeouts: 60 s for shell, script and http, 600 s for python. */
    public int defaultTimeoutSeconds() {
        return this == PYTHON ? 600 : 60;
    }

    /** Runs inside the operator (no Job, no pod). */
    public boolean runsInOperator() {
        return this == KV || this == INQUIRER || this == TRIGGER;
    }
}
