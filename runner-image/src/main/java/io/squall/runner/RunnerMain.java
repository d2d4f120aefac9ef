package io.squall.runner;

import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.runner.process.LiveOutput;
import io.squall.runner.publish.NatsOptionsFactory;
import io.squall.runner.publish.NatsOutputPublisher;
import io.squall.runner.publish.NatsResultPublisher;
import io.squall.runner.publish.ResultNotDeliveredException;
import io.squall.runner.publish.ResultSink;
import io.squall.runner.publish.StdoutResultSink;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Squall runner: runs ONE execution attempt inside a Kubernetes Job pod and reports its result.
 *
 * <h2>Input contract</h2>
 * <ul>
 * <li><b>Request</b>: the JSON of {@link ExecutionRequest} ({@code namespace, execution, attempt,
 * actionName, action} (the ActionSpec), {@code parameters} (rendered by the operator, secrets included),
 * {@code secretParameters, timeoutSeconds}), read from the first command-line argument, else from the
 * file named by {@code SQUALL_REQUEST_FILE}, else from {@code /var/run/squall/request/request.json}
 * (mounted from a Secret). Everything is already rendered: the runner never evaluates Jinja.</li>
 * <li><b>Script from a ConfigMap</b>: when {@code action.scriptRef} is set, the operator mounts that
 * ConfigMap key into the pod and sets {@code SQUALL_SCRIPT_FILE} to its path; the runner reads the
 * script from there (script and python runners).</li>
 * <li><b>NATS</b>: {@code SQUALL_NATS_URL} (nats:// or tls://), authenticated by
 * {@code SQUALL_NATS_CREDS} (a .creds file path), or {@code SQUALL_NATS_USER} +
 * {@code SQUALL_NATS_PASSWORD}, or {@code SQUALL_NATS_TOKEN}. With a URL, the
 * {@link ExecutionResult} is published to JetStream subject {@code squall.result.<namespace>.<execution>}
 * (stream SQUALL_RESULTS, which the operator creates; the runner never creates streams) with
 * {@code Nats-Msg-Id: result/<namespace>/<execution>/<attempt>}, retried with backoff for
 * {@code SQUALL_PUBLISH_TIMEOUT_SECONDS} (default 60). The action's stdout/stderr are streamed live to
 * the runner's stdout/stderr ({@code kubectl logs}) and, masked, to core NATS subject
 * {@code squall.output.<namespace>.<execution>} ({@link NatsOutputPublisher}; for {@code squall run}), before the
 * result is published.</li>
 * <li><b>Without NATS</b> (debugging by hand: {@code java -jar squall-runner.jar request.json}) the
 * result JSON is printed to stdout, and the action's live output goes to stderr, so stdout is only the result.</li>
 * <li><b>Other settings</b>: {@code SQUALL_OUTPUT_LIMIT_BYTES} (default 262144: the tail kept of each
 * output stream), {@code SQUALL_CANCEL_GRACE_SECONDS} (default 20: after SIGTERM, time to kill the action
 * and publish "canceled"). Variables starting with {@code SQUALL_} are not passed to the action; it gets
 * {@code SQUALL_NAMESPACE, SQUALL_EXECUTION, SQUALL_ATTEMPT, SQUALL_ACTION, ST2_ACTION_EXECUTION_ID}.</li>
 * <li><b>Exit code</b>: 0 when the result was published (or printed), whatever the action's outcome;
 * 1 when it could not be published; 2 when the request (or a setting) is unusable, so no result can be
 * addressed.</li>
 * <li><b>SIGTERM</b> (Job deleted, execution canceled): the action's process group is killed and a
 * {@code canceled} result is published if that is possible within the grace period.</li>
 * </ul>
 */
public final class RunnerMain {
    public static final int EXIT_DELIVERED = 0;
    public static final int EXIT_NOT_DELIVERED = 1;
    public static final int EXIT_BAD_REQUEST = 2;

    /** How long the end of the live output may hold up the result. */
    private static final Duration LIVE_OUTPUT_FINISH = Duration.ofSeconds(2);

    private RunnerMain() {}

    public static void main(String[] args) {
        RunnerConfig config;
        try {
            config = RunnerConfig.from(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("[squall-runner] " + e.getMessage());
            System.exit(EXIT_BAD_REQUEST);
            return;
        }
        boolean toNats = config.natsUrl().isPresent();
        // connect first: the connection is made while the request is parsed and the action runs
        ResultSink sink = toNats
                ? NatsResultPublisher.connectInBackground(
                        () -> NatsOptionsFactory.from(config, connectionName()), config.publishTimeout())
                : new StdoutResultSink(System.out);

        ExecutionRequest request;
        try {
            request = RequestReader.read(config.requestFile());
        } catch (InvalidRequestException e) {
            System.err.println("[squall-runner] " + e.getMessage());
            sink.close();
            System.exit(EXIT_BAD_REQUEST);
            return;
        }
        PrintStream liveStdout = toNats ? System.out : System.err;

        Cancellation cancellation = new Cancellation();
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(() -> onShutdown(cancellation, exitCode, config), "squall-runner-shutdown"));

        NatsOutputPublisher output = sink instanceof NatsResultPublisher nats
                ? new NatsOutputPublisher(
                        nats.firstConnection(),
                        request.namespace(),
                        request.execution(),
                        request.attempt(),
                        NatsOutputPublisher.DEFAULT_LIMIT_BYTES)
                : null;
        ExecutionAttempt attempt = new ExecutionAttempt(
                config, System.getenv(), liveStdout, System.err, output == null ? LiveOutput.NONE : output);
        if (sink instanceof NatsResultPublisher nats) {
            attempt.sharingNats(nats.firstConnection()); // one connection per pod: result, live output, datastore
        }
        ExecutionResult result = attempt.run(request, cancellation);
        if (output != null) {
            output.finish(LIVE_OUTPUT_FINISH);
        }
        exitCode.complete(deliver(sink, result));
        System.exit(exitCode.join());
    }

    /** Shows up in the NATS server's connection list: the pod name when running in Kubernetes. */
    private static String connectionName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "squall-runner" : "squall-runner " + host;
    }

    private static int deliver(ResultSink sink, ExecutionResult result) {
        try (sink) {
            sink.deliver(result);
            return EXIT_DELIVERED;
        } catch (ResultNotDeliveredException e) {
            System.err.println("[squall-runner] " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
            return EXIT_NOT_DELIVERED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("[squall-runner] interrupted while delivering the result");
            return EXIT_NOT_DELIVERED;
        }
    }

    /**
     * Runs on every JVM shutdown. On a normal exit the result is already delivered. On SIGTERM/SIGINT it
     * cancels the action and waits (bounded) for the main thread to deliver the canceled result. Either way
     * it halts with the runner's own exit code, not the signal's 143.
     */
    private static void onShutdown(
            Cancellation cancellation, CompletableFuture<Integer> exitCode, RunnerConfig config) {
        int code;
        if (exitCode.isDone()) {
            code = exitCode.join();
        } else {
            System.err.println("[squall-runner] termination requested: killing the action and reporting it canceled");
            cancellation.cancel();
            try {
                code = exitCode.get(config.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                System.err.println("[squall-runner] no result delivered within "
                        + config.cancelGrace().toSeconds() + " s of the termination request");
                code = EXIT_NOT_DELIVERED;
            } catch (ExecutionException e) {
                System.err.println("[squall-runner] delivering the result failed: " + e.getCause());
                code = EXIT_NOT_DELIVERED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                code = EXIT_NOT_DELIVERED;
            }
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }
}
