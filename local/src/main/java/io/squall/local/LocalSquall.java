package io.squall.local;

import io.squall.local.LocalDeploymentExecutor.Endpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Squall on this machine, no cluster and no container runtime (what {@code bin/squall-dev} runs): a real
 * kube-apiserver + etcd with the CRDs and namespace {@value #NAMESPACE}, nats-server with JetStream, the operator as
 * a process, and local stand-ins for what a cluster's nodes and controllers do: {@link LocalJobExecutor} runs runner
 * Jobs, {@link LocalDeploymentExecutor} runs sensor Deployments, {@link LocalGarbageCollector} deletes what lost its
 * owner. Everything lives in a state directory (wiped at start); Ctrl-C or SIGTERM stops everything it started.
 */
public final class LocalSquall implements AutoCloseable {

    public static final String NAMESPACE = "squall-system";
    /** Printed once everything runs (scripts and tests wait for it). */
    public static final String RUNNING = "Squall is running";

    static final String STATE_MARKER = ".squall-dev-state";
    private static final Duration OPERATOR_STARTUP = Duration.ofMinutes(3);
    private static final int MAX_RUNNING_JOBS = 4;
    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger SQUALL_LOGGER = Logger.getLogger("io.squall");
    /** Warns about every v1alpha1 resource type the garbage collector looks up. */
    private static final Logger FABRIC8_VERSION_USAGE =
            Logger.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

    /**
     * @param root         the repository (the jars and crds/ are read from there)
     * @param stateDir     wiped at start: kubeconfig, kubectl link, logs, NATS store
     * @param kubeBinaries the provisioned kube-apiserver binaries, or empty to let kube-api-test download them
     */
    public record Settings(Path root, Path stateDir, int natsPort, int operatorPort, Optional<Path> kubeBinaries) {

        /** From the environment: SQUALL_DEV_STATE_DIR, SQUALL_DEV_NATS_PORT, SQUALL_DEV_OPERATOR_PORT, SQUALL_KUBE_API_TEST_DIR. */
        public static Settings fromEnvironment(Path root, Map<String, String> env) {
            return new Settings(
                    root,
                    Path.of(env.getOrDefault(
                            "SQUALL_DEV_STATE_DIR", root.resolve(".squall-dev").toString())),
                    port(env, "SQUALL_DEV_NATS_PORT", 4222),
                    port(env, "SQUALL_DEV_OPERATOR_PORT", 8081),
                    LocalApiServer.binaries(env));
        }

        private static int port(Map<String, String> env, String name, int otherwise) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                int port = Integer.parseInt(value.trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException("out of range");
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + value + " is not a TCP port (1-65535)");
            }
        }

        Path operatorJar() {
            return root.resolve("operator/target/quarkus-app/quarkus-run.jar");
        }

        Path runnerJar() {
            return root.resolve("runner-image/target/squall-runner.jar");
        }

        Path sensorsJar() {
            return root.resolve("sensors/target/quarkus-app/quarkus-run.jar");
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Set<String> shownEndpoints = new LinkedHashSet<>();
    private LocalApiServer apiServer;
    private NatsServer nats;
    private LocalOperator operator;
    private volatile boolean closing;

    private LocalSquall(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Starts everything; on failure stops what was started and throws. */
    public static LocalSquall start(Settings settings, PrintStream out) throws IOException, InterruptedException {
        LocalSquall squall = new LocalSquall(settings, out);
        try {
            squall.startAll();
            return squall;
        } catch (IOException | InterruptedException | RuntimeException e) {
            squall.close();
            throw e;
        }
    }

    private void startAll() throws IOException, InterruptedException {
        LocalOperator.requireJar(settings.operatorJar());
        LocalDeploymentExecutor.sensorsCommand(settings.sensorsJar());
        NatsServer.requireExecutable(NatsServer.executable());
        requirePortFree(settings.natsPort(), "NATS", "SQUALL_DEV_NATS_PORT");
        requirePortFree(settings.operatorPort(), "the operator's HTTP", "SQUALL_DEV_OPERATOR_PORT");
        Path state = wipeStateDir(settings.stateDir());

        out.println("squall-dev: starting kube-apiserver " + LocalApiServer.VERSION + " + etcd ("
                + settings.kubeBinaries().map(p -> "binaries in " + p).orElse("kube-api-test downloads the binaries")
                + ")");
        apiServer = started(LocalApiServer.start(state.resolve("apiserver"), settings.kubeBinaries()));
        Path kubeconfig = Files.copy(apiServer.kubeconfig(), state.resolve("kubeconfig"));
        Files.createSymbolicLink(state.resolve("kubectl"), apiServer.kubectl().toAbsolutePath());
        apiServer.installCrds(settings.root().resolve("crds"));
        apiServer.createNamespace(NAMESPACE);

        out.println("squall-dev: starting nats-server on 127.0.0.1:" + settings.natsPort());
        nats = started(NatsServer.start(state.resolve("nats"), settings.natsPort()));

        Path pods = Files.createDirectories(state.resolve("pods"));
        started(new LocalGarbageCollector(apiServer.client()).start(Duration.ofSeconds(2)));
        started(new LocalJobExecutor(apiServer.client(), settings.runnerJar(), pods, MAX_RUNNING_JOBS).start());
        started(new LocalDeploymentExecutor(
                        apiServer.client(),
                        LocalDeploymentExecutor.sensorsCommand(settings.sensorsJar()),
                        kubeconfig,
                        pods,
                        this::endpointsChanged)
                .start());

        out.println("squall-dev: starting the operator (log " + state.resolve("operator.log") + ")");
        operator = started(LocalOperator.start(
                settings.operatorJar(),
                Map.of(
                        "SQUALL_NATS_URL",
                        nats.url(),
                        "POD_NAMESPACE",
                        NAMESPACE,
                        // kube-apiserver 1.20 cannot create a Service by server-side apply ("resourceVersion should not
                        // be
                        // set on objects to be created", fixed in later Kubernetes): create and update instead
                        "QUARKUS_OPERATOR_SDK_ENABLE_SSA",
                        "false"),
                kubeconfig,
                settings.operatorPort(),
                state.resolve("operator.log")));
        operator.awaitReady(OPERATOR_STARTUP);
        printUsage(state);
    }

    private <T extends AutoCloseable> T started(T part) {
        started.push(part);
        return part;
    }

    /** Waits until the operator exits; returns its exit code (it does not exit on its own unless it fails). */
    public int awaitOperatorExit() throws InterruptedException {
        return operator.process().waitFor();
    }

    public boolean isClosing() {
        return closing;
    }

    public LocalOperator operator() {
        return operator;
    }

    /** Stops everything it started, the last first (the operator before what it talks to). */
    @Override
    public synchronized void close() {
        closing = true;
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                out.println("squall-dev: stopping " + part.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }

    private synchronized void endpointsChanged(List<Endpoint> endpoints) {
        Set<String> now =
                endpoints.stream().map(LocalSquall::describe).collect(Collectors.toCollection(LinkedHashSet::new));
        now.stream().filter(line -> !shownEndpoints.contains(line)).forEach(line -> out.println("squall-dev: " + line));
        shownEndpoints.stream()
                .filter(line -> !now.contains(line))
                .forEach(line -> out.println("squall-dev: stopped: " + line));
        shownEndpoints.clear();
        shownEndpoints.addAll(now);
        // the same lines as printed: `cat .squall-dev/sensors.txt` answers "where do I POST?"
        String table = now.stream().collect(Collectors.joining("\n", "", now.isEmpty() ? "" : "\n"));
        try {
            Files.writeString(settings.stateDir().resolve("sensors.txt"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. {@code sensor default/hello: POST http://127.0.0.1:40123/hello}. */
    static String describe(Endpoint endpoint) {
        String where =
                endpoint.url() != null ? "POST " + endpoint.url() : endpoint.type() + " (log " + endpoint.log() + ")";
        return "sensor " + endpoint.namespace() + "/" + endpoint.sensor() + ": " + where;
    }

    private void printUsage(Path state) {
        Path root = settings.root();
        out.println();
        out.println(RUNNING + " (Ctrl-C stops it and everything it started).");
        out.println("  kube-apiserver " + apiServer.url() + "   (no nodes: runner Jobs and sensor Deployments run as "
                + "local processes)");
        out.println("  NATS           " + nats.url() + "   (JetStream store " + nats.storeDir() + ")");
        out.println("  operator       http://127.0.0.1:" + operator.httpPort() + "/q/health   (log "
                + state.resolve("operator.log") + ")");
        out.println("  pod logs       " + state.resolve("pods") + "/<namespace>_<pod>/output.log   (kubectl logs "
                + "needs a kubelet)");
        out.println();
        out.println("In another shell:");
        out.println("  cd " + root);
        out.println("  export KUBECONFIG=" + state.resolve("kubeconfig"));
        out.println("  export PATH=" + state + ":$PATH        # kubectl " + LocalApiServer.VERSION + " ("
                + apiServer.kubectl() + ")");
        out.println("  kubectl apply -f packs/examples/hello/");
        out.println("  kubectl get sensors                      # READY 1/1; the local URL is printed here and in "
                + state.resolve("sensors.txt"));
        out.println(
                "  curl -X POST -H 'Authorization: Bearer hello-token-change-me' -H 'Content-Type: application/json' \\");
        out.println("       -d '{\"action\": \"greet\", \"name\": \"Squall\"}' \\");
        out.println(
                "       \"$(awk '$2 == \"default/hello-webhook:\" {print $4}' " + state.resolve("sensors.txt") + ")\"");
        out.println("  kubectl get executions");
        out.println();
    }

    private static void requirePortFree(int port, String what, String variable) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + port + " (" + what + ") is in use on 127.0.0.1: stop what listens "
                            + "there (an earlier squall-dev?) or choose another port with " + variable + "=...");
        }
    }

    /** Empties the state directory, refusing one that squall-dev did not create (a mistyped SQUALL_DEV_STATE_DIR). */
    static Path wipeStateDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(STATE_MARKER))) {
                throw new IllegalStateException(dir + " exists and was not made by squall-dev (no " + STATE_MARKER
                        + "): not wiping it; choose another SQUALL_DEV_STATE_DIR");
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder())
                        .filter(p -> !p.equals(dir))
                        .toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(STATE_MARKER), "made by bin/squall-dev: wiped at every start\n");
        return dir.toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        configureLogging();
        if (args.length > 0) {
            System.err.println(
                    "usage: bin/squall-dev   (no arguments; settings: SQUALL_DEV_STATE_DIR, SQUALL_DEV_NATS_PORT, "
                            + "SQUALL_DEV_OPERATOR_PORT, SQUALL_KUBE_API_TEST_DIR)");
            System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
        }
        Path root =
                Path.of(System.getProperty("squall.root", ".")).toAbsolutePath().normalize();
        LocalSquall squall;
        try {
            squall = start(Settings.fromEnvironment(root, System.getenv()), System.out);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // a message that says what to do: no stack trace
            System.err.println("squall-dev: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("squall-dev: stopping");
                            squall.close();
                            System.out.println("squall-dev: stopped");
                        },
                        "squall-dev-shutdown"));
        int code = squall.awaitOperatorExit();
        if (!squall.isClosing()) {
            System.err.println("squall-dev: the operator exited with code " + code + "; the end of "
                    + squall.operator().log() + ":\n" + squall.operator().tail(30));
            System.exit(1);
        }
    }

    /** One line per record on stderr; the libraries' chatter only from WARNING up. */
    private static void configureLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new SimpleFormatter() {
            @Override
            public String format(java.util.logging.LogRecord record) {
                String message = formatMessage(record);
                String thrown = record.getThrown() == null ? "" : " " + record.getThrown();
                String logger = record.getLoggerName() == null
                        ? ""
                        : record.getLoggerName()
                                .substring(record.getLoggerName().lastIndexOf('.') + 1);
                return String.format("squall-dev: %s %s: %s%s%n", record.getLevel(), logger, message, thrown);
            }
        });
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        SQUALL_LOGGER.setLevel(Level.INFO);
        FABRIC8_VERSION_USAGE.setLevel(Level.SEVERE);
    }
}
