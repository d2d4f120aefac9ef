package io.squall.operator.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.squall.api.bench.BenchRow;
import io.squall.api.bench.BenchSize;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.testsupport.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Sustained Executions per second through the whole lifecycle — Execution created → operator creates Secret + Job →
 * local Job executor starts the real runner jar (one JVM per execution, as one pod per execution) → result over NATS
 * → results consumer → Succeeded — with the operator on the Fabric8 mock API server and a real nats-server, beside
 * its floor measured in the same run: the same runner jar with the same JVM flags and the same number at once,
 * started directly on the same noop requests (no API server, no NATS: each prints its result and exits). Run by
 * {@link ExecutionThroughputBenchmark}; {@code parallel} is how many runner processes run at once (the "node" size).
 */
final class ExecutionThroughput {

    private static final String NS = "bench";
    /** LocalJobExecutor's (the runner image's) JVM flags. */
    private static final List<String> RUNNER_FLAGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto");

    private static final Duration BOUND = Duration.ofMinutes(4);

    /** -Dbench.count=60 -Dbench.warmup=8 -Dbench.parallel=4 -Dbench.runner=noop|shell (or --quick's). */
    record Sizes(int count, int warmUp, int parallel, String runner) {
        static Sizes fromProperties() {
            return new Sizes(
                    BenchSize.of("bench.count", 60, 12),
                    BenchSize.of("bench.warmup", 8, 4),
                    BenchSize.of("bench.parallel", 4, 4),
                    System.getProperty("bench.runner", "noop"));
        }
    }

    private final KubernetesClient client;
    private final Sizes sizes;
    /** When each Execution was seen Scheduled and finished (from a watch, so nothing polls). */
    private final Map<String, Instant> scheduled = new ConcurrentHashMap<>();

    private final Map<String, Instant> finished = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    ExecutionThroughput(KubernetesClient client, Sizes sizes) {
        this.client = client;
        this.sizes = sizes;
    }

    List<BenchRow> run() throws Exception {
        String command = sizes.runner().equals("shell") ? "  command: 'true'\n" : "";
        client.resource(Resources.yaml(
                        "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: bench, namespace: " + NS
                                + "}\nspec:\n  runner: " + sizes.runner() + "\n" + command,
                        Action.class))
                .create();
        double executionsPerSecond;
        try (LocalJobExecutor executor = new LocalJobExecutor(client, sizes.parallel()).start();
                Watch watch = client.resources(Execution.class).inNamespace(NS).watch(new Recorder())) {
            burst("warm", sizes.warmUp());
            Map<String, Instant> created = new ConcurrentHashMap<>();
            Instant start = Instant.now();
            burst("run", sizes.count(), created);
            executionsPerSecond = report(created, start, executor.startedPods());
        }
        if (failed.stream().anyMatch(n -> n.startsWith("run-"))) {
            throw new IllegalStateException("executions failed: " + failed);
        }
        double bare = bareRunnersPerSecond();
        System.out.printf(
                "the runner jar alone, %d at once (same flags, no API server, no NATS): %.2f runs/s%n",
                sizes.parallel(), bare);
        return List.of(new BenchRow(
                "executions",
                "burst of %d %s Executions, %d runners at once"
                        .formatted(sizes.count(), sizes.runner(), sizes.parallel()),
                executionsPerSecond,
                "executions/s",
                "the runner jar alone, %d at once".formatted(sizes.parallel()),
                bare));
    }

    /** The floor: {@code count} noop requests through the runner jar, {@code parallel} processes at once. */
    private double bareRunnersPerSecond() throws Exception {
        Path jar = Path.of(System.getProperty(LocalJobExecutor.RUNNER_JAR_PROPERTY));
        Path work = Files.createTempDirectory("squall-bench-runner");
        ActionSpec noop = new ActionSpec();
        noop.runner = RunnerType.NOOP;
        List<Path> requests = new ArrayList<>();
        for (int i = 0; i < sizes.warmUp() + sizes.count(); i++) {
            Path request = work.resolve("bare-" + i + ".json");
            Files.write(
                    request,
                    Json.toBytes(new ExecutionRequest(NS, "bare-" + i, 0, "core.noop", noop, Map.of(), List.of(), 0)));
            requests.add(request);
        }
        ExecutorService slots = Executors.newFixedThreadPool(sizes.parallel());
        try {
            runAll(slots, jar, requests.subList(0, sizes.warmUp()));
            long start = System.nanoTime();
            runAll(slots, jar, requests.subList(sizes.warmUp(), requests.size()));
            return sizes.count() / ((System.nanoTime() - start) / 1e9);
        } finally {
            slots.shutdownNow();
        }
    }

    private static void runAll(ExecutorService slots, Path jar, List<Path> requests) throws Exception {
        List<Future<?>> runs = new ArrayList<>();
        for (Path request : requests) {
            runs.add(slots.submit(() -> runRunner(jar, request)));
        }
        for (Future<?> run : runs) {
            run.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static Void runRunner(Path jar, Path request) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(RUNNER_FLAGS);
        command.addAll(List.of("-jar", jar.toString(), request.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(
                        request.resolveSibling(request.getFileName() + ".err").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SQUALL_"));
        Process process = builder.start();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the runner on " + request + " failed: "
                    + Files.readString(request.resolveSibling(request.getFileName() + ".err")));
        }
        return null;
    }

    private void burst(String prefix, int count) {
        burst(prefix, count, new ConcurrentHashMap<>());
    }

    /** Creates all at once (a burst, like a rule matching a flood of triggers) and waits until every one finished. */
    private void burst(String prefix, int count, Map<String, Instant> created) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            names.add(name);
            created.put(name, Instant.now());
            client.resource(Resources.yaml(
                            "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name
                                    + ", namespace: " + NS + "}\nspec:\n  action: {name: bench}\n",
                            Execution.class))
                    .create();
        }
        await(prefix + " executions finished")
                .atMost(BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> names.stream().allMatch(finished::containsKey));
    }

    /** Prints the figures and returns the executions per second. */
    private double report(Map<String, Instant> created, Instant start, int pods) {
        List<Long> toScheduled = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        Instant lastFinish = start;
        for (var entry : created.entrySet()) {
            Instant done = finished.get(entry.getKey());
            lastFinish = done.isAfter(lastFinish) ? done : lastFinish;
            total.add(Duration.between(entry.getValue(), done).toMillis());
            Instant job = scheduled.get(entry.getKey());
            if (job != null) {
                toScheduled.add(Duration.between(entry.getValue(), job).toMillis());
            }
        }
        double seconds = Duration.between(start, lastFinish).toMillis() / 1000.0;
        System.out.printf(
                "%n=== ExecutionThroughputBenchmark: %d %s executions, burst, %d runner processes at once ===%n",
                sizes.count(), sizes.runner(), sizes.parallel());
        System.out.printf(
                "wall time %.1f s -> %.2f executions/s sustained (%d failed; %d runner processes started)%n",
                seconds,
                sizes.count() / seconds,
                failed.stream().filter(n -> n.startsWith("run-")).count(),
                pods);
        System.out.printf("created -> Scheduled (Job + Secret created) ms: %s%n", percentiles(toScheduled));
        System.out.printf(
                "created -> Succeeded ms (includes queueing behind %d slots): %s%n",
                sizes.parallel(), percentiles(total));
        return sizes.count() / seconds;
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(
                "min %d  p50 %d  p90 %d  p99 %d  max %d",
                sorted.get(0), at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private final class Recorder implements Watcher<Execution> {
        @Override
        public void eventReceived(Action action, Execution execution) {
            if (execution.getStatus() == null || execution.getStatus().phase == null) {
                return;
            }
            String name = execution.getMetadata().getName();
            ExecutionPhase phase = execution.getStatus().phase;
            if (phase != ExecutionPhase.Requested) {
                scheduled.putIfAbsent(name, Instant.now());
            }
            if (phase.isFinal()) {
                finished.putIfAbsent(name, Instant.now());
                if (phase != ExecutionPhase.Succeeded) {
                    failed.add(name);
                }
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            if (cause != null) {
                throw new IllegalStateException("Execution watch closed", cause);
            }
        }
    }
}
