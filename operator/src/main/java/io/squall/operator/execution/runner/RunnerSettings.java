package io.squall.operator.execution.runner;

import io.squall.operator.config.SquallConfig;
import java.time.Duration;

/**
 * What runner Jobs are built with, from squall.runner.* and squall.executions.* (a record so the Job and
 * Secret builders are plain functions of their inputs).
 *
 * @param natsUrl the NATS URL the runner publishes to
 */
public record RunnerSettings(
        String image,
        String imagePullPolicy,
        String natsUrl,
        long runAsUser,
        Duration deadlineGrace,
        Duration jobTtlAfterFinished) {

    public static RunnerSettings from(SquallConfig config) {
        return new RunnerSettings(
                config.runner().image(),
                config.runner().imagePullPolicy(),
                config.runner()
                        .natsUrl()
                        .filter(url -> !url.isBlank())
                        .orElse(config.nats().url()),
                config.runner().runAsUser(),
                config.executions().deadlineGrace(),
                config.executions().jobTtlAfterFinished());
    }
}
