package io.squall.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.runner.action.ActionRunners;
import io.squall.runner.datastore.RunnerDatastore;
import io.squall.runner.process.LiveOutput;
import io.squall.runner.process.ProcessLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Runs one attempt of an execution and always produces its {@link ExecutionResult}: a bad action
 * specification or an unexpected error becomes a failed result (so the execution never stays running),
 * and secrets are masked in the result and the error.
 */
public final class ExecutionAttempt {
    private final RunnerConfig config;
    private final Map<String, String> runnerEnvironment;
    private final OutputStream liveStdout;
    private final OutputStream liveStderr;
    private final LiveOutput published;
    /** The runner's NATS connection, when it has one to share. */
    private CompletableFuture<Connection> natsConnection;

    /**
     * @param liveStdout where the action's stdout is streamed while it runs (the runner's stdout, or its
     *                   stderr when stdout carries the result JSON)
     */
    public ExecutionAttempt(
            RunnerConfig config,
            Map<String, String> runnerEnvironment,
            OutputStream liveStdout,
            OutputStream liveStderr) {
        this(config, runnerEnvironment, liveStdout, liveStderr, LiveOutput.NONE);
    }

    /** @param published where the action's masked output goes too as it is produced (NATS, for squall run) */
    public ExecutionAttempt(
            RunnerConfig config,
            Map<String, String> runnerEnvironment,
            OutputStream liveStdout,
            OutputStream liveStderr,
            LiveOutput published) {
        this.published = published;
        this.config = config;
        this.runnerEnvironment = runnerEnvironment;
        this.liveStdout = liveStdout;
        this.liveStderr = liveStderr;
    }

    /** The action's datastore uses {@code connection} (the runner's own, for its result) instead of one more. */
    public ExecutionAttempt sharingNats(CompletableFuture<Connection> connection) {
        this.natsConnection = connection;
        return this;
    }

    public ExecutionResult run(ExecutionRequest request, Cancellation cancellation) {
        Instant startedAt = Instant.now();
        SecretMasker masker = SecretMasker.forRequest(request);
        ActionOutcome outcome = runAction(request, cancellation, masker);
        return new ExecutionResult(
                request.namespace(),
                request.execution(),
                request.attempt(),
                outcome.outcome(),
                masker.mask(outcome.result()),
                masker.mask(outcome.error()),
                startedAt,
                Instant.now());
    }

    /** StackStorm's precedence: the request's timeout, else the action's, else the runner's default. */
    static Duration timeoutOf(ExecutionRequest request) {
        if (request.timeoutSeconds() > 0) {
            return Duration.ofSeconds(request.timeoutSeconds());
        }
        ActionSpec action = request.action();
        if (action.timeout != null && action.timeout > 0) {
            return Duration.ofSeconds(action.timeout);
        }
        return Duration.ofSeconds(action.runner.defaultTimeoutSeconds());
    }

    private ActionOutcome runAction(ExecutionRequest request, Cancellation cancellation, SecretMasker masker) {
        if (request.action() == null) {
            return failed("request field 'action' is missing");
        }
        if (request.action().runner == null) {
            return failed("action.runner is missing (one of shell, script, http, python, noop, kubernetes)");
        }
        if (cancellation.isCanceled()) {
            return failed(Outcome.canceled, "the execution was canceled before the action started");
        }
        Path workDir = null;
        RunnerDatastore datastore =
                natsConnection == null ? RunnerDatastore.from(config) : RunnerDatastore.sharing(natsConnection);
        try {
            workDir = Files.createTempDirectory("squall-attempt-");
            ProcessLauncher processes = new ProcessLauncher(
                    masker, cancellation, liveStdout, liveStderr, config.outputLimitBytes(), published);
            RunContext context = new RunContext(
                    timeoutOf(request),
                    processes,
                    workDir,
                    ActionEnvironment.base(runnerEnvironment, request),
                    config.scriptFile(),
                    config.outputLimitBytes(),
                    cancellation,
                    datastore);
            return ActionRunners.forType(request.action().runner).run(request, context);
        } catch (ActionConfigException e) {
            return failed(e.getMessage());
        } catch (IOException e) {
            return failed("cannot run the " + request.action().runner + " action: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(Outcome.canceled, "the runner was interrupted");
        } catch (RuntimeException e) {
            // a runner bug must still end the execution with a reason, not leave it running
            e.printStackTrace();
            return failed("runner error: " + e);
        } finally {
            datastore.close();
            deleteRecursively(workDir);
        }
    }

    private static ActionOutcome failed(String error) {
        return failed(Outcome.failed, error);
    }

    private static ActionOutcome failed(Outcome outcome, String error) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("error", error);
        return new ActionOutcome(outcome, result, error);
    }

    /** The work directory holds scripts and parameter files with secrets: remove it whatever happened. */
    private static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[squall-runner] cannot remove work directory " + dir + ": " + e);
        }
    }
}
