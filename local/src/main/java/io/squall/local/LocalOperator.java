package io.squall.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a separate process, {@code java -jar operator/target/quarkus-app/quarkus-run.jar} (its prod profile:
 * leader election on a Lease in POD_NAMESPACE), configured through its environment like the chart's Deployment does,
 * with a kubeconfig instead of a service-account token. Output goes to one log file.
 */
public final class LocalOperator implements AutoCloseable {

    private static final Duration TERMINATION_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalOperator(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Checks that the operator is built, with the command that builds it. */
    public static Path requireJar(Path quarkusRunJar) {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalStateException("the operator is not built: " + quarkusRunJar + " not found; run "
                    + "`mvn -B -q install -DskipTests` at the repository root first");
        }
        return quarkusRunJar;
    }

    /**
     * Starts the operator with this process's environment less what belongs to the host (KUBECONFIG, SQUALL_DEV_*,
     * SQUALL_KUBE_*), plus {@code env}, KUBECONFIG and QUARKUS_HTTP_PORT. Other SQUALL_* variables pass through, so
     * operator settings can be given to bin/squall-dev.
     */
    public static LocalOperator start(
            Path quarkusRunJar, Map<String, String> env, Path kubeconfig, int httpPort, Path log) throws IOException {
        requireJar(quarkusRunJar);
        ProcessBuilder builder = new ProcessBuilder(List.of(LocalNode.java(), "-jar", quarkusRunJar.toString()))
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment()
                .keySet()
                .removeIf(name ->
                        name.equals("KUBECONFIG") || name.startsWith("SQUALL_DEV_") || name.startsWith("SQUALL_KUBE_"));
        builder.environment().putAll(env);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        return new LocalOperator(builder.start(), log, httpPort);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Waits until GET /q/health/ready answers 200; fails with the end of the log when the process exits first. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with code " + process.exitValue() + "; the end of "
                        + log + ":\n" + tail(40));
            }
            if (httpStatus("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(
                "the operator was not ready after " + timeout.toSeconds() + " s; the end of " + log + ":\n" + tail(40));
    }

    /** HTTP status of GET {@code path} on the operator's port, or -1 when nothing answers. */
    public int httpStatus(String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The last lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM (the operator releases its Lease), SIGKILL after the grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(TERMINATION_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
