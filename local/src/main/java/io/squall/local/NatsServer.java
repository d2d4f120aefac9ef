package io.squall.local;

import io.nats.NatsRunnerUtils;
import io.nats.NatsServerRunner;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real nats-server (the Debian package) with JetStream ({@code -a 127.0.0.1 -js -sd <store>}), started by
 * jnats-server-runner: the NATS of bin/squall-dev and of every module's tests.
 * <pre>
 * try (NatsServer nats = NatsServer.start()) { connect to nats.url() ... }
 * </pre>
 * A server started without a store directory gets a temporary one, deleted on {@link #close()}; a given store
 * directory is kept. {@link #stop()} and {@link #restart()} make an outage: the same port and store come back.
 */
public final class NatsServer implements AutoCloseable {

    public static final String NOT_FOUND =
            "nats-server not found: install the Debian package `nats-server` (apt-get install -y nats-server)";

    /** nats-server's own output, warnings and errors only. Held: java.util.logging keeps loggers weakly. */
    private static final Logger SERVER_OUTPUT = Logger.getLogger("nats-server");

    static {
        SERVER_OUTPUT.setLevel(Level.WARNING);
    }

    private final String executable;
    private final int port;
    private final Path storeDir;
    private final boolean ownsStore;
    private NatsServerRunner runner;

    private NatsServer(String executable, int port, Path storeDir, boolean ownsStore) {
        this.executable = executable;
        this.port = port;
        this.storeDir = storeDir;
        this.ownsStore = ownsStore;
    }

    /** Starts on a free loopback port with a temporary store. */
    public static NatsServer start() {
        return start(freePort());
    }

    /** Starts on the given port with a temporary store, e.g. to bring back a server an application was configured with. */
    public static NatsServer start(int port) {
        String executable = requireExecutable(executable());
        Path storeDir;
        try {
            storeDir = Files.createTempDirectory("nats-js-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a JetStream store directory", e);
        }
        return start(new NatsServer(executable, port, storeDir, true));
    }

    /** Starts on a free loopback port storing in {@code storeDir}, which is kept. */
    public static NatsServer start(Path storeDir) {
        return start(storeDir, freePort());
    }

    /** Starts on the given port storing in {@code storeDir}, which is kept (a restart with the same data). */
    public static NatsServer start(Path storeDir, int port) {
        String executable = requireExecutable(executable());
        try {
            Files.createDirectories(storeDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the JetStream store directory " + storeDir, e);
        }
        return start(new NatsServer(executable, port, storeDir, false));
    }

    private static NatsServer start(NatsServer server) {
        try {
            server.restart();
            return server;
        } catch (RuntimeException e) {
            if (server.ownsStore) {
                deleteTree(server.storeDir);
            }
            throw e;
        }
    }

    /**
     * A server that keeps its store (bin/squall-dev) must not lose acknowledged writes in a crash: JetStream's default
     * flushes every 2 minutes. nats-server 2.10+ syncs every write with {@code sync_interval: always} (a config file:
     * there is no flag); 2.9 (Debian 12's) cannot, which is said once.
     */
    private List<String> syncEveryWrite() {
        String version = version(executable);
        if (!atLeast(version, 2, 10)) {
            Logger.getLogger(NatsServer.class.getName())
                    .warning("nats-server " + version
                            + " cannot sync every JetStream write to disk (sync_interval: always needs 2.10 or later): "
                            + "acknowledged writes of the last 2 minutes can be lost if this machine loses power");
            return List.of();
        }
        try {
            Path conf = storeDir.resolveSibling(storeDir.getFileName() + ".conf");
            Files.writeString(conf, "jetstream {\n  store_dir: \"" + storeDir + "\"\n  sync_interval: always\n}\n");
            return List.of("-c", conf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nats-server configuration next to " + storeDir, e);
        }
    }

    /** {@code v2.9.10} from {@code nats-server --version}, or "unknown". */
    static String version(String executable) {
        try {
            Process p = new ProcessBuilder(executable, "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)").matcher(out);
            return m.find() ? m.group() : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static boolean atLeast(String version, int major, int minor) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || ma == major && mi >= minor;
    }

    /** A free loopback port for a server started later ({@link FreePorts}: outside the ephemeral range). */
    public static int freePort() {
        return FreePorts.next();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path storeDir() {
        return storeDir;
    }

    public synchronized boolean isRunning() {
        return runner != null;
    }

    /** Stops the server process; the port and the store stay for {@link #restart()}. */
    public synchronized void stop() {
        if (runner == null) {
            return;
        }
        try {
            runner.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            runner = null;
        }
    }

    /** Starts the server again on the same port with the same store (nothing happens while it runs). */
    public synchronized void restart() {
        if (runner != null) {
            return;
        }
        requirePortFree(port);
        try {
            List<String> args = new java.util.ArrayList<>(List.of("-a", "127.0.0.1", "-sd", storeDir.toString()));
            if (!ownsStore) {
                args.addAll(syncEveryWrite());
            }
            runner = NatsServerRunner.builder()
                    .executablePath(executable)
                    .port(port)
                    .jetstream(true)
                    .customArgs(args)
                    .outputLogger(SERVER_OUTPUT)
                    // the runner's default gives up after ~200 ms; a loaded 2-core machine can take seconds
                    .connectValidateTries(40)
                    .connectValidateSubsequentDelay(250L)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("nats-server " + executable + " did not start on 127.0.0.1:" + port, e);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownsStore) {
                deleteTree(storeDir);
            }
        }
    }

    /** nats-server would start, fail to listen and exit: say which port is taken instead. */
    static void requirePortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start nats-server on 127.0.0.1:" + port + ": the port is in use (another nats-server?)", e);
        }
    }

    /** $nats_server_path, else nats-server on the PATH (Debian installs it in /usr/sbin, not on every user's PATH). */
    static Optional<String> executable() {
        return executable(
                System.getenv(NatsRunnerUtils.NATS_SERVER_PATH_ENV),
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

    /** The executable, or the error every run without the Debian package should show. */
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
