package io.squall.operator.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.testsupport.NatsServerResource;
import io.squall.operator.testsupport.Resources;

/**
 * Benchmark, not a test (prints figures, asserts nothing about time): sustained Executions per second through
 * the whole lifecycle — Execution created → operator creates Secret + Job → local Job executor starts the real
 * runner jar (one JVM per execution, as one pod per execution) → result over NATS → results consumer →
 * Succeeded — with the operator on the Fabric8 mock API server and a real nats-server. Run it with
 * <pre>
 * cd operator && mvn -B test -Dtest=ExecutionThroughputBenchmark -Dbench.executions=true [-Dbench.count=60] [-Dbench.parallel=4] [-Dbench.runner=noop|shell]
 * </pre>
 * {@code bench.parallel} is how many runner processes the local executor runs at once (the "node" size). The
 * runner's own start-up (JVM start → result on NATS) is measured by runner-image's NoopStartBenchmark.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(ExecutionThroughputBenchmark.Quiet.class)
@EnabledIfSystemProperty(named = "bench.executions", matches = "true")
class ExecutionThroughputBenchmark {

    private static final String NS = "bench";
    private static final int COUNT = Integer.getInteger("bench.count", 60);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 8);
    private static final int PARALLEL = Integer.getInteger("bench.parallel", 4);
    private static final String RUNNER = System.getProperty("bench.runner", "noop");

    /** One log line per mock-server request would measure the console. */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN",
                    "quarkus.log.category.\"io.squall.operator.execution\".level", "WARN");
        }
    }

    @Inject
    KubernetesClient client;

    /** When each Execution was seen Scheduled and finished (from a watch, so nothing polls). */
    private final Map<String, Instant> scheduled = new ConcurrentHashMap<>();
    private final Map<String, Instant> finished = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    @Test
    void sustainedExecutionsPerSecond() {
        String command = RUNNER.equals("shell") ? "  command: 'true'\n" : "";
        client.resource(Resources.yaml("apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: bench, namespace: "
                + NS + "}\nspec:\n  runner: " + RUNNER + "\n" + command, Action.class)).create();
        try (LocalJobExecutor executor = new LocalJobExecutor(client, PARALLEL).start();
                Watch watch = client.resources(Execution.class).inNamespace(NS).watch(new Recorder())) {
            run("warm", WARM_UP);
            Map<String, Instant> created = new ConcurrentHashMap<>();
            Instant start = Instant.now();
            run("run", COUNT, created);
            Instant end = Instant.now();
            report(created, start, end, executor.startedPods());
        }
    }

    private void run(String prefix, int count) {
        run(prefix, count, new ConcurrentHashMap<>());
    }

    /** Creates all at once (a burst, like a rule matching a flood of triggers) and waits until every one finished. */
    private void run(String prefix, int count, Map<String, Instant> created) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            names.add(name);
            created.put(name, Instant.now());
            client.resource(Resources.yaml("apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name
                    + ", namespace: " + NS + "}\nspec:\n  action: {name: bench}\n", Execution.class)).create();
        }
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> names.stream().allMatch(finished::containsKey));
    }

    private void report(Map<String, Instant> created, Instant start, Instant end, int pods) {
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
        System.out.printf("%n=== ExecutionThroughputBenchmark: %d %s executions, burst, %d runner processes at once ===%n",
                COUNT, RUNNER, PARALLEL);
        System.out.printf("wall time %.1f s -> %.2f executions/s sustained (%d failed; %d runner processes started)%n",
                seconds, COUNT / seconds, failed.stream().filter(n -> n.startsWith("run-")).count(), pods);
        System.out.printf("created -> Scheduled (Job + Secret created) ms: %s%n", percentiles(toScheduled));
        System.out.printf("created -> Succeeded ms (includes queueing behind %d slots): %s%n", PARALLEL, percentiles(total));
    }

    private static String percentiles(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format("min %d  p50 %d  p90 %d  p99 %d  max %d", sorted.get(0), at(sorted, 0.5), at(sorted, 0.9),
                at(sorted, 0.99), sorted.get(sorted.size() - 1));
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
