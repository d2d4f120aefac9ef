package io.squall.systemtests;

import io.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * bin/squall's main class, run in the test's JVM with a test API server's kubeconfig and a namespace, as a user
 * runs it against their cluster; its output can be read while it runs (for commands that follow an Execution).
 */
final class InProcessSquall {

    record Run(int status, String stdout, String stderr) {}

    private final Path kubeconfig;
    private final String namespace;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    InProcessSquall(Path kubeconfig, String namespace) {
        this.kubeconfig = kubeconfig;
        this.namespace = namespace;
    }

    /** Runs {@code args} once, to the end (at most a minute). */
    static Run run(Path kubeconfig, String namespace, String... args) throws Exception {
        return new InProcessSquall(kubeconfig, namespace).start(args).get(60, TimeUnit.SECONDS);
    }

    CompletableFuture<Run> start(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", kubeconfig.toString(), "-n", namespace));
        return CompletableFuture.supplyAsync(() -> {
            int status = SquallCli.run(
                    all.toArray(String[]::new),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(status, stdout(), err.toString(StandardCharsets.UTF_8));
        });
    }

    /** What it printed on stdout so far. */
    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
