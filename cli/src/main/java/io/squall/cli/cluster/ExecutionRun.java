package io.squall.cli.cluster;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.cli.ExitCodes;
import io.squall.cli.UsageException;
import picocli.CommandLine.Option;

/**
 * What {@code run} and {@code execution rerun} share: create the Execution, then either say its name (--async) or
 * follow it and print its result; the exit status says whether it succeeded.
 */
final class ExecutionRun {
    @Option(names = "--async", description = "create the Execution and print its name; do not wait for it")
    boolean async;
    @Option(names = {"-o", "--output"}, paramLabel = "json|yaml",
            description = "print the finished Execution as json or yaml (progress then goes to stderr)")
    String output;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop following after this long (exit 3); "
            + "the execution goes on")
    Integer timeout;
    @Option(names = "--poll", paramLabel = "MILLIS", defaultValue = "500", description = "how often the status "
            + "is read (default: ${DEFAULT-VALUE})")
    int pollMillis;

    void validate() {
        if (output != null && !output.equals("json") && !output.equals("yaml")) {
            throw UsageException.arguments("-o is json or yaml, not " + output);
        }
        if (timeout != null && timeout < 1) {
            throw UsageException.arguments("--timeout needs a positive number of seconds");
        }
    }

    int start(Executions executions, String generateName, ExecutionSpec spec, Set<String> secrets, PrintWriter out,
            PrintWriter err) {
        Execution created = executions.create(generateName, spec, secrets);
        String name = created.getMetadata().getName();
        String what = ExecutionView.kind(created) + " " + spec.action.name;
        if (async) {
            if (output != null) {
                ExecutionView.print(out, created, output);
            } else {
                out.println("execution " + name + " created (" + what + " in namespace " + executions.namespace() + ")");
                out.println("follow it: squall execution get " + name + " -n " + executions.namespace());
            }
            out.flush();
            return ExitCodes.OK;
        }
        PrintWriter progress = output != null ? err : out;
        progress.println("execution " + name + " created (" + what + ")");
        boolean terminal = output == null && Terminal.interactive();
        Execution done = new ExecutionFollower(executions, progress, terminal, Duration.ofMillis(pollMillis))
                .follow(name, timeout == null ? null : Duration.ofSeconds(timeout));
        if (output != null) {
            ExecutionView.print(out, done, output);
        } else {
            ExecutionView.result(out, done.getStatus());
        }
        out.flush();
        return done.getStatus().phase == ExecutionPhase.Succeeded ? ExitCodes.OK : ExitCodes.NOT_SUCCEEDED;
    }
}
