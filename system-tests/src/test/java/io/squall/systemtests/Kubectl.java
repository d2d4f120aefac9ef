package io.squall.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl binary run with a given kubeconfig, as a user would run it. Its discovery and HTTP caches live
 * next to the kubeconfig, not in ~/.kube/cache: a cache of another (earlier) API server on the same port would be
 * stale here.
 */
public record Kubectl(Path binary, Path kubeconfig) {

    public record Result(int exitCode, String stdout, String stderr) {

        public boolean isSuccess() {
            return exitCode == 0;
        }

        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl failed (exit " + exitCode + "):\n" + stderr + stdout);
            }
            return this;
        }

        /** stdout split into lines. */
        public List<String> lines() {
            return stdout.lines().toList();
        }
    }

    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--cache-dir",
                kubeconfig.toAbsolutePath().getParent().resolve("kubectl-cache").toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl did not finish in 120 s: " + command);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
