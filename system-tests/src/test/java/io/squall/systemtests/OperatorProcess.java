package io.squall.systemtests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.squall.local.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a separate process, `java -jar quarkus-run.jar`, started the way the chart's
 * Deployment would start it: with the container's environment, a kubeconfig instead of the
 * in-cluster service account, and nothing inherited from the test's environment.
 */
public final class OperatorProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int httpPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorProcess(Process process, Path stdout, Path stderr, int httpPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.httpPort = httpPort;
    }

    /** The environment of the operator container in {@code deployment}; downward-API values as the kubelet would fill them. */
    public static Map<String, String> containerEnvironment(Deployment deployment) {
        return containerEnvironment(deployment, List.of());
    }

    /** The same, with values from Secrets ({@code secretKeyRef}) taken from {@code secrets}, e.g. the chart's own. */
    public static Map<String, String> containerEnvironment(Deployment deployment, List<Secret> secrets) {
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), var.getValue() == null ? "" : var.getValue());
            } else if (var.getValueFrom().getFieldRef() != null) {
                String field = var.getValueFrom().getFieldRef().getFieldPath();
                env.put(
                        var.getName(),
                        switch (field) {
                            case "metadata.namespace" ->
                                deployment.getMetadata().getNamespace();
                            case "metadata.name" -> deployment.getMetadata().getName() + "-0";
                            default -> throw new IllegalArgumentException("unexpected downward API field " + field);
                        });
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = secrets.stream()
                        .filter(s -> ref.getName().equals(s.getMetadata().getName()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("env " + var.getName() + " needs Secret "
                                + ref.getName() + ", which is not among the given ones"));
                String value =
                        secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())
                                ? secret.getStringData().get(ref.getKey())
                                : new String(
                                        java.util.Base64.getDecoder()
                                                .decode(secret.getData().get(ref.getKey())),
                                        java.nio.charset.StandardCharsets.UTF_8);
                env.put(var.getName(), value);
            } else {
                throw new IllegalArgumentException("env " + var.getName() + " needs a ConfigMap: not supported here");
            }
        }
        return env;
    }

    /** Starts {@code jar} with exactly {@code env} (plus PATH and HOME), KUBECONFIG and a free HTTP port. */
    public static OperatorProcess start(Path jar, Map<String, String> env, Path kubeconfig, Path logDir)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the operator first "
                    + "(mvn -B verify at the repository root builds it before system-tests, "
                    + "or: cd operator && mvn -B package -DskipTests)");
        }
        // the JVM binds it seconds from now: a port outside the ephemeral range, which no connection takes meanwhile
        int port = FreePorts.next();
        Path out = logDir.resolve("operator.stdout.log");
        Path err = logDir.resolve("operator.stderr.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .directory(logDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> processEnv = builder.environment();
        String path = processEnv.get("PATH");
        processEnv.clear();
        processEnv.put("PATH", path);
        processEnv.put("HOME", logDir.toString());
        processEnv.putAll(env);
        processEnv.put("KUBECONFIG", kubeconfig.toString());
        processEnv.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return new OperatorProcess(builder.start(), out, err, port);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** HTTP status of GET {@code path} on the operator's port, or -1 when nothing answers yet. */
    public int httpStatus(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String httpBody(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Complete lines of stdout so far. */
    public List<String> stdoutLines() {
        return readLines(stdout);
    }

    public List<String> stderrLines() {
        return readLines(stderr);
    }

    /** The last lines of both streams, for failure messages. */
    public String tail(int lines) {
        List<String> out = stdoutLines();
        List<String> err = stderrLines();
        return "--- operator stdout (last " + lines + " lines) ---\n"
                + String.join("\n", out.subList(Math.max(0, out.size() - lines), out.size()))
                + "\n--- operator stderr ---\n"
                + String.join("\n", err.subList(Math.max(0, err.size() - lines), err.size()));
    }

    /** The lines the process has finished writing: a last line without its newline may still be growing. */
    private static List<String> readLines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file);
            return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9: the JVM gets no chance to release its lease, flush or finish a step. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the operator process survived SIGKILL for 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
