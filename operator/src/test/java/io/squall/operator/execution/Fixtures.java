package io.squall.operator.execution;

import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.execution.runner.RunnerSettings;
import io.squall.operator.testsupport.Resources;
import java.time.Duration;

/** Actions and Executions as the API server returns them (uid, generation), for the pure unit tests. */
public final class Fixtures {

    public static final RunnerSettings SETTINGS = new RunnerSettings(
            "squall/runner:1.0",
            "IfNotPresent",
            "nats://nats.squall:4222",
            10001,
            Duration.ofSeconds(30),
            Duration.ofHours(1));

    private Fixtures() {}

    public static Action action(String specYaml) {
        return Resources.yaml(
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: act, namespace: team-a, "
                        + "uid: action-uid}\nspec:\n" + specYaml,
                Action.class);
    }

    public static Execution execution(String name, String specYaml) {
        Execution execution = Resources.yaml(
                "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name
                        + ", namespace: team-a, uid: exec-uid, generation: 1, resourceVersion: '7', "
                        + "creationTimestamp: '2026-01-02T03:04:05Z'}\nspec:\n" + specYaml,
                Execution.class);
        return execution;
    }

    public static Execution execution(String specYaml) {
        return execution("run-1", specYaml);
    }
}
