package io.squall.operator.execution.runner;

import io.squall.operator.config.SquallConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The NATS credentials runner pods publish results with: the operator's own (squall.nats.user/password,
 * token or creds-file). They travel in each attempt's request Secret, never in the Job spec.
 *
 * @param creds the content of a NATS .creds file
 */
public record RunnerNatsCredentials(
        Optional<String> user, Optional<String> password, Optional<String> token, Optional<String> creds) {

    public static final RunnerNatsCredentials NONE =
            new RunnerNatsCredentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public static RunnerNatsCredentials from(SquallConfig.Nats nats) {
        Optional<String> creds = nats.credsFile().map(file -> {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException("squall.nats.creds-file: cannot read " + file, e);
            }
        });
        return new RunnerNatsCredentials(nats.user(), nats.password(), nats.token(), creds);
    }
}
