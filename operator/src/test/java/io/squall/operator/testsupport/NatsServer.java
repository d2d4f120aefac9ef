package io.squall.operator.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;

import io.nats.NatsRunnerUtils;
import io.nats.NatsServerRunner;

/**
 * A real nats-server (the Debian package) with JetStream, on a free loopback port, storing in its own temporary
 * directory that is deleted on close. Plain Java, usable from any module's tests (copy this class):
 * <pre>
 * try (NatsServer nats = NatsServer.start()) { connect to nats.url() ... }
 * </pre>
 */
public final class NatsServer implements AutoCloseable {

    public static final String NOT_FOUND = "nats-server not found: install the Debian package `nats-server` (apt-get install -y nats-server)";

    private final NatsServerRunner runner;
    private final Path storeDir;
    private final int port;

    private NatsServer(NatsServerRunner runner, Path storeDir, int port) {
        this.runner = runner;
        this.storeDir = storeDir;
        this.port = port;
    }

    /** Starts on a free port. */
    public static NatsServer start() {
        try {
            return start(NatsRunnerUtils.nextPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for nats-server", e);
        }
    }

    /** Starts on the given port, e.g. to bring back a server an application was configured with. */
    public static NatsServer start(int port) {
        String executable = requireExecutable(executable());
        Path storeDir;
        try {
            storeDir = Files.createTempDirectory("nats-js-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a JetStream store directory", e);
        }
        try {
            NatsServerRunner runner = NatsServerRunner.builder()
                    .executablePath(executable)
                    .port(port)
                    .jetstream(true)
                    .customArgs(List.of("-a", "127.0.0.1", "-sd", storeDir.toString()))
                    .outputLevel(Level.WARNING)
                    .build();
            return new NatsServer(runner, storeDir, port);
        } catch (IOException e) {
            deleteTree(storeDir);
            throw new UncheckedIOException("nats-server " + executable + " did not start on port " + port, e);
        }
    }

    /** A free loopback port (for a server started later). */
    public static int freePort() {
        try {
            return NatsRunnerUtils.nextPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            runner.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(storeDir);
        }
    }

    /** $nats_server_path, else nats-server on the PATH (Debian installs it in /usr/sbin, not on every user's PATH). */
    static Optional<String> executable() {
        return executable(System.getenv(NatsRunnerUtils.NATS_SERVER_PATH_ENV),
                System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator
                        + "/usr/local/bin");
    }

    static Optional<String> executable(String natsServerPath, String searchPath) {
        if (natsServerPath != null && new File(natsServerPath).canExecute()) {
            return Optional.of(natsServerPath);
        }
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> new File(dir, "nats-server"))
                .filter(File::canExecute)
                .map(File::getAbsolutePath)
                .findFirst();
    }

    /** The executable, or the error every test run without the Debian package should show. */
    static String requireExecutable(Optional<String> executable) {
        return executable.orElseThrow(() -> new IllegalStateException(NOT_FOUND));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
