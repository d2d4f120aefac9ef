package io.squall.api.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Workflow transition latency — a child Execution reaches a final phase → the operator's workflow engine has created
 * the next child, both as the benchmark's watch sees them — for a sequential workflow of {@code tasks} tasks, after a
 * warm-up run of the same workflow, beside its floor measured in the same run on the
 * same API server: a bare create + status update of an object with a status subresource. The benchmark plays the
 * runner: it writes each child's final status the moment it sees the attempt started (Scheduled: the operator has
 * made its request Secret and Job), as a runner that takes no time would, so the figures are the operator's own (no
 * runner JVM start, no pod). Both the children and the workflow's end are followed by watches: the benchmark adds no
 * polling load to the API server it measures. Run by system-tests' WorkflowTransitionBenchmark (the packaged operator
 * on a real kube-apiserver) and operator's WorkflowTransitionMockBenchmark (the operator in-process on the Fabric8
 * mock API server); an operator must already be running against {@code client}.
 */
public final class WorkflowTransition {

    private static final Duration RUN = Duration.ofMinutes(4);

    private final KubernetesClient client;
    private final String ns;
    private final int tasks;
    private final int floorRuns;
    private final String benchmark;

    /**
     * -Dbench.tasks=100 -Dbench.floor=200 (or --quick's).
     *
     * @param benchmark the rows' benchmark column: transitions-real or transitions-mock
     */
    public static WorkflowTransition fromProperties(KubernetesClient client, String ns, String benchmark) {
        return new WorkflowTransition(
                client, ns, BenchSize.of("bench.tasks", 100, 25), BenchSize.of("bench.floor", 200, 50), benchmark);
    }

    public WorkflowTransition(KubernetesClient client, String ns, int tasks, int floorRuns, String benchmark) {
        this.client = client;
        this.ns = ns;
        this.tasks = tasks;
        this.floorRuns = floorRuns;
        this.benchmark = benchmark;
    }

    /** Runs the sequential workflow, then the floor; prints both and returns the rows. */
    public List<BenchRow> run(String server) throws Exception {
        defineSequence();
        play("warm-up"); // the operator's first run of a workflow loads and compiles its code: not a transition's cost
        Sequence run = play("seq-1");
        List<Long> floor = floor();
        double p50 = percentile(run.transitions, 50);
        double p99 = percentile(run.transitions, 99);
        double f50 = percentile(floor, 50);
        double f99 = percentile(floor, 99);
        // the operator's own cost of a task: the runner it plays takes no time, so the whole run is the operator's
        // work (and the API server's for it); its floor is a task's least API work, a create and a status write
        double perTask = run.wall.toNanos() / 1_000_000.0 / tasks;
        System.out.printf(
                "%n== workflow transitions on the %s (%d cores): %d-task sequential workflow%n",
                server, Runtime.getRuntime().availableProcessors(), tasks);
        System.out.printf(
                "transition (child final -> next child created): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms (after a warm-up run of the same workflow)%n",
                p50, percentile(run.transitions, 90), p99, percentile(run.transitions, 100));
        System.out.printf(
                "whole workflow: %.2f s, %.1f ms per task (child created -> attempt started -> final written by the bench: "
                        + "p50 %.1f ms)%n",
                run.wall.toMillis() / 1000.0, perTask, percentile(run.playing, 50));
        System.out.printf("floor, bare create + status update (%d): p50 %.1f ms, p99 %.1f ms%n", floorRuns, f50, f99);
        String figure = "%d-task sequence: child final -> next child".formatted(tasks);
        return List.of(
                new BenchRow(benchmark, figure + " p50", p50, "ms", "bare create + status p50", f50),
                new BenchRow(benchmark, figure + " p99", p99, "ms", "bare create + status p99", f99),
                new BenchRow(
                        benchmark,
                        "%d-task sequence: whole workflow per task".formatted(tasks),
                        perTask,
                        "ms",
                        "bare create + status p50",
                        f50));
    }

    private record Sequence(List<Long> transitions, List<Long> playing, Duration wall) {}

    /** A Workflow of {@code tasks} noop tasks in a row. */
    private void defineSequence() {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < tasks; i++) {
            spec.append("    t").append(i).append(":\n      action: bench-noop\n");
            if (i + 1 < tasks) {
                spec.append("      next: [{do: [t").append(i + 1).append("]}]\n");
            }
        }
        client.resource(Serialization.unmarshal("""
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: bench-noop, namespace: %s}
            spec: {runner: noop}
            """.formatted(ns), io.squall.api.v1alpha1.Action.class))
                .create();
        client.resource(Serialization.unmarshal("""
            apiVersion: squall.io/v1alpha1
            kind: Workflow
            metadata: {name: sequence, namespace: %s}
            spec:
              tasks:
            %s""".formatted(ns, spec), io.squall.api.v1alpha1.Workflow.class))
                .create();
        await("Workflow sequence Ready").atMost(RUN).until(() -> {
            var w = client.resources(io.squall.api.v1alpha1.Workflow.class)
                    .inNamespace(ns)
                    .withName("sequence")
                    .get();
            return w.getStatus() != null
                    && w.getStatus().conditions != null
                    && w.getStatus().conditions.stream()
                            .anyMatch(c -> Names.CONDITION_READY.equals(c.getType()) && "True".equals(c.getStatus()));
        });
    }

    /** Runs the sequence as Execution {@code name}, playing the runner of each child. */
    private Sequence play(String name) throws Exception {
        Map<String, Long> created = new ConcurrentHashMap<>();
        Map<String, Long> finished = new ConcurrentHashMap<>();
        // a child's final phase as the watch shows it: the same stream that shows the next child, so the two
        // are in the API server's order (the write's own response may come back after the operator has moved on)
        Map<String, Long> seenFinal = new ConcurrentHashMap<>();
        Set<String> reported = ConcurrentHashMap.newKeySet();
        CompletableFuture<Execution> ended = new CompletableFuture<>();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Watch watch = client.resources(Execution.class)
                .inNamespace(ns)
                .withLabel(Names.LABEL_PARENT, name)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Execution child) {
                        if (action == Action.MODIFIED
                                && child.getStatus() != null
                                && child.getStatus().phase != null
                                && child.getStatus().phase.isFinal()) {
                            seenFinal.putIfAbsent(child.getSpec().context.parentTask, System.nanoTime());
                        }
                        if (action == Action.ADDED) {
                            created.putIfAbsent(child.getSpec().context.parentTask, System.nanoTime());
                        }
                        // the runner reports once its attempt has started (request Secret, Job, Scheduled written
                        // by the operator): a real runner cannot finish before its Job exists
                        if (child.getStatus() != null
                                && child.getStatus().phase == ExecutionPhase.Scheduled
                                && reported.add(child.getSpec().context.parentTask)) {
                            runner.submit(() -> finish(client, child, finished));
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                });
        // the workflow's end from a watch too: polling its (large) status would load the API server under test
        Watch parentWatch = client.resources(Execution.class)
                .inNamespace(ns)
                .withName(name)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Execution parent) {
                        if (parent.getStatus() != null
                                && parent.getStatus().phase != null
                                && parent.getStatus().phase.isFinal()) {
                            ended.complete(parent);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                });
        Instant start = Instant.now();
        try {
            client.resource(Serialization.unmarshal("""
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: %s, namespace: %s}
                spec: {action: {kind: Workflow, name: sequence}}
                """.formatted(name, ns), Execution.class))
                    .create();
            ended.get(RUN.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            watch.close();
            parentWatch.close();
            runner.shutdownNow();
        }
        Duration wall = Duration.between(start, Instant.now());
        List<Long> transitions = new ArrayList<>();
        List<Long> playing = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            Long c = created.get("t" + i);
            Long f = finished.get("t" + i);
            Long seen = seenFinal.get("t" + i);
            if (c == null || f == null || seen == null) {
                throw new IllegalStateException("task t" + i + " was not seen created and finished");
            }
            playing.add(f - c);
            if (i + 1 < tasks) {
                transitions.add(created.get("t" + (i + 1)) - seen);
            }
        }
        return new Sequence(transitions, playing, wall);
    }

    /** Plays the runner: the child's final status, written through the status subresource. */
    private static void finish(KubernetesClient client, Execution child, Map<String, Long> finished) {
        var resource = client.resources(Execution.class)
                .inNamespace(child.getMetadata().getNamespace())
                .withName(child.getMetadata().getName());
        Execution current = child;
        for (int attempt = 0; attempt < 50; attempt++) {
            if (attempt > 0) {
                current = resource.get();
            }
            ExecutionStatus status = current.getStatus() == null ? new ExecutionStatus() : current.getStatus();
            String now = Instant.now().toString();
            status.phase = ExecutionPhase.Succeeded;
            status.startTime = status.startTime == null ? now : status.startTime;
            status.endTime = now;
            status.result = Serialization.jsonMapper().createObjectNode();
            current.setStatus(status);
            try {
                client.resource(current).updateStatus();
                finished.put(child.getSpec().context.parentTask, System.nanoTime());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /** A bare create + status update round trip of an object with a status subresource, no operator watching it. */
    private List<Long> floor() {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("floors.bench.squall.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("bench.squall.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Floor")
                .withPlural("floors")
                .withSingular("floor")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
        client.resource(crd).create();
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup("bench.squall.io")
                .withVersion("v1")
                .withKind("Floor")
                .withPlural("floors")
                .withNamespaced(true)
                .build();
        await("Floor served")
                .atMost(RUN)
                .ignoreExceptions()
                .until(() -> client.genericKubernetesResources(context)
                                .inNamespace(ns)
                                .list()
                        != null);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < floorRuns + 20; i++) {
            long t0 = System.nanoTime();
            GenericKubernetesResource made = client.genericKubernetesResources(context)
                    .inNamespace(ns)
                    .resource(new GenericKubernetesResourceBuilder()
                            .withApiVersion("bench.squall.io/v1")
                            .withKind("Floor")
                            .withNewMetadata()
                            .withName("floor-" + i)
                            .withNamespace(ns)
                            .endMetadata()
                            .build())
                    .create();
            made.setAdditionalProperty("status", Map.of("phase", "Succeeded"));
            client.genericKubernetesResources(context)
                    .inNamespace(ns)
                    .resource(made)
                    .updateStatus();
            if (i >= 20) { // warm-up
                times.add(System.nanoTime() - t0);
            }
        }
        return times;
    }

    /** Nanosecond samples → the percentile in milliseconds. */
    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }
}
