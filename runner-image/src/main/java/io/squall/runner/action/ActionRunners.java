package io.squall.runner.action;

import io.squall.api.v1alpha1.RunnerType;
import io.squall.runner.kubernetes.KubernetesRunner;

/** The runner for each {@link RunnerType}. */
public final class ActionRunners {
    private ActionRunners() {}

    public static ActionRunner forType(RunnerType type) {
        return switch (type) {
            case SHELL -> new ShellRunner();
            case SCRIPT -> new ScriptRunner();
            case HTTP -> new HttpRunner();
            case PYTHON -> new PythonRunner();
            case NOOP -> new NoopRunner();
            case KUBERNETES -> new KubernetesRunner();
            case KV, INQUIRER, TRIGGER ->
                throw new IllegalArgumentException(
                        "runner " + type + " runs inside the operator, never in a runner pod");
        };
    }
}
