package io.squall.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.cli.ClusterException;
import io.squall.cli.ExitCodes;
import io.squall.cli.NatsOptions;
import io.squall.cli.UsageException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code run} and {@code execution rerun} share: create the Execution, then either say its name (--async) or
 * follow it, showing the runner's output live when NATS can be reached, and print its result (without the output
 * already shown); the exit status says whether it succeeded.
 */
final class ExecutionRun {
    /** How long to wait, once the Execution has ended, for the end of its live output (it normally came first). */
    private static final Duration LIVE_OUTPUT_END = Duration.ofSeconds(2);
    /** ... or for any of it, when none arrived (a workflow, an operator-run action, a runner without NATS). */
    private static final Duration LIVE_OUTPUT_QUIET = Duration.ofMillis(250);

    @Option(names = "--async", description = "create the Execution and print its name; do not wait for it")
    boolean async;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "json|yaml",
            description = "print the finished Execution as json or yaml (progress then goes to stderr)")
    String output;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "stop following after this long (exit 3); " + "the execution goes on")
    Integer timeout;

    @Option(
            names = "--poll",
            paramLabel = "MILLIS",
            defaultValue = "500",
            description = "how often the status " + "is read (default: ${DEFAULT-VALUE})")
    int pollMillis;

    @Mixin
    NatsOptions nats;

    void validate() {
        if (output != null && !output.equals("json") && !output.equals("yaml")) {
            throw UsageException.arguments("-o is json or yaml, not " + output);
        }
        if (timeout != null && timeout < 1) {
            throw UsageException.arguments("--timeout needs a positive number of seconds");
        }
    }

    int start(
            Executions executions,
            String generateName,
            ExecutionSpec spec,
            Set<String> secrets,
            PrintWriter out,
            PrintWriter err) {
        if (async) {
            return startAsync(executions, generateName, spec, secrets, out);
        }
        PrintWriter progress = output != null ? err : out;
        boolean terminal = output == null && Terminal.interactive();
        // subscribed before the Execution exists, so nothing of its output is missed; with -o, stdout stays the JSON
        Optional<LiveOutputPrinter> live = LiveOutputPrinter.subscribe(
                nats, executions.namespace(), output != null ? err : out, err, progress, terminal);
        try {
            Execution created = executions.create(generateName, spec, secrets);
            String name = created.getMetadata().getName();
            live.ifPresent(l -> l.follow(name, null));
            progress.println(
                    "execution " + name + " created (" + ExecutionView.kind(created) + " " + spec.action.name + ")");
            progress.flush();
            Execution done = new ExecutionFollower(
                            executions,
                            progress,
                            terminal,
                            Duration.ofMillis(pollMillis),
                            (execution, task) -> live.ifPresent(l -> l.follow(execution, task)))
                    .follow(name, timeout == null ? null : Duration.ofSeconds(timeout));
            if (output != null) {
                ExecutionView.print(out, done, output);
            } else {
                ExecutionView.result(out, done.getStatus(), unstreamed(live, done, err));
            }
            out.flush();
            return done.getStatus().phase == ExecutionPhase.Succeeded ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED;
        } finally {
            live.ifPresent(LiveOutputPrinter::close);
        }
    }

    private int startAsync(
            Executions executions, String generateName, ExecutionSpec spec, Set<String> secrets, PrintWriter out) {
        Execution created = executions.create(generateName, spec, secrets);
        String name = created.getMetadata().getName();
        if (output != null) {
            ExecutionView.print(out, created, output);
        } else {
            out.println("execution " + name + " created (" + ExecutionView.kind(created) + " " + spec.action.name
                    + " in namespace " + executions.namespace() + ")");
            out.println("follow it: squall execution get " + name + " -n " + executions.namespace());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The result without the output the live stream showed (all of it, when nothing arrived live). */
    private static JsonNode unstreamed(Optional<LiveOutputPrinter> live, Execution done, PrintWriter err) {
        JsonNode result = done.getStatus().result;
        if (live.isEmpty() || done.getStatus().attempts == null) {
            return result;
        }
        String name = done.getMetadata().getName();
        int attempt = done.getStatus().attempts;
        try {
            live.get().streamed().awaitEnd(name, attempt, LIVE_OUTPUT_END, LIVE_OUTPUT_QUIET);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for the end of " + name + "'s output", e);
        }
        StringBuilder notes = new StringBuilder();
        JsonNode shown = live.get().streamed().unstreamed(name, attempt, result, notes);
        err.print(notes);
        err.flush();
        return shown;
    }
}
