package io.squall.cli.cluster;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.squall.api.v1alpha1.Execution;
import io.squall.cli.ClusterException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Follows an Execution and the executions of its workflow tasks (and theirs) until it ends, with one watch on the
 * namespace's Executions: a line per change of the phase of each, indented by depth. When the watch closes (the
 * API server ended it or its version is too old), the Executions are listed again and watched from there, so no
 * change is lost and none is printed twice.
 */
final class ExecutionTail {
    /** A watch event, or the end of the watch ({@code execution} null). */
    private record Event(Watcher.Action action, Execution execution, WatcherException closed) {}

    private final KubernetesClient client;
    private final String namespace;
    private final PrintWriter out;
    /** Name to parent workflow execution, for every Execution seen: which ones are below the one followed. */
    private final Map<String, String> parents = new HashMap<>();

    private final Map<String, String> printed = new HashMap<>();
    private final BiConsumer<String, String> onExecution;
    private String followed;

    /**
     * @param onExecution told the followed execution (name, null) and each below it (name, its task) when first
     *                    seen, e.g. to show their live output; lines are printed under {@code out}'s lock
     */
    ExecutionTail(KubernetesClient client, String namespace, PrintWriter out, BiConsumer<String, String> onExecution) {
        this.client = client;
        this.namespace = namespace;
        this.out = out;
        this.onExecution = onExecution;
    }

    /** The Execution once final; a ClusterException when it is missing, deleted, or {@code timeout} passes first. */
    Execution follow(String name, Duration timeout) {
        followed = name;
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            KubernetesResourceList<Execution> list = Cluster.call(
                    String.valueOf(client.getMasterUrl()),
                    "list Executions in namespace " + namespace,
                    () -> client.resources(Execution.class)
                            .inNamespace(namespace)
                            .list());
            Execution current = list.getItems().stream()
                    .filter(e -> e.getMetadata().getName().equals(name))
                    .findFirst()
                    .orElseThrow(() ->
                            new ClusterException("no Execution named " + name + " in namespace " + namespace, null));
            list.getItems().forEach(e -> parents.put(e.getMetadata().getName(), ExecutionTree.parentExecution(e)));
            List<Execution> byCreation = list.getItems().stream()
                    .sorted(Comparator.comparing(ExecutionTree::created)
                            .thenComparing(e -> e.getMetadata().getName()))
                    .toList();
            // the one followed last: when it has ended, its final line comes after those of its tasks
            byCreation.stream()
                    .filter(e -> !e.getMetadata().getName().equals(name))
                    .forEach(this::show);
            if (show(current)) {
                return current;
            }
            Execution done = watch(list.getMetadata().getResourceVersion(), deadline, timeout);
            if (done != null) {
                return done;
            }
        }
    }

    /** Watches from {@code version}: the followed Execution once final, or null when the watch closed. */
    private Execution watch(String version, long deadline, Duration timeout) {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Watcher<Execution> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, Execution e) {
                events.add(new Event(action, e, null));
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add(new Event(null, null, cause));
            }
        };
        try (Watch watch = Cluster.call(
                String.valueOf(client.getMasterUrl()),
                "watch Executions in namespace " + namespace,
                () -> client.resources(Execution.class)
                        .inNamespace(namespace)
                        .watch(
                                new ListOptionsBuilder()
                                        .withResourceVersion(version)
                                        .build(),
                                watcher))) {
            while (true) {
                long left = deadline - System.nanoTime();
                Event event = left <= 0
                        ? null
                        : events.poll(Math.min(left, TimeUnit.SECONDS.toNanos(30)), TimeUnit.NANOSECONDS);
                if (event == null) {
                    if (System.nanoTime() >= deadline) {
                        throw new ClusterException(
                                followed + " is still " + printed.get(followed) + " after " + timeout.toSeconds()
                                        + " s; follow it with: squall execution tail " + followed,
                                null);
                    }
                    continue;
                }
                if (event.execution() == null) {
                    return null; // list again and watch from there
                }
                Execution e = event.execution();
                String name = e.getMetadata().getName();
                if (event.action() == Watcher.Action.DELETED) {
                    if (name.equals(followed)) {
                        throw new ClusterException(followed + " was deleted while it was followed", null);
                    }
                    continue;
                }
                if (event.action() == Watcher.Action.ERROR || event.action() == Watcher.Action.BOOKMARK) {
                    continue;
                }
                parents.put(name, ExecutionTree.parentExecution(e));
                if (show(e) && name.equals(followed)) {
                    return e;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while following " + followed, ie);
        }
    }

    /** Prints the execution's line when it is the followed one or below it and its phase changed; true when final. */
    private boolean show(Execution e) {
        String name = e.getMetadata().getName();
        int depth = depth(name);
        if (depth < 0) {
            return false;
        }
        String phase = ExecutionView.phase(e);
        boolean done = e.getStatus() != null
                && e.getStatus().phase != null
                && e.getStatus().phase.isFinal();
        String task = ExecutionTree.context(e).parentTask;
        boolean first = !printed.containsKey(name);
        if (!phase.equals(printed.put(name, phase))) {
            String error = done && e.getStatus().error != null ? ": " + e.getStatus().error : "";
            synchronized (out) {
                out.println("  ".repeat(depth) + name + (depth == 0 || task == null ? "" : " (task " + task + ")")
                        + ": " + phase + error);
                out.flush();
            }
        }
        if (first) { // after its first line: what it printed so far comes below that
            onExecution.accept(name, depth == 0 ? null : task);
        }
        return done;
    }

    /** 0 for the followed execution, 1 for its tasks' executions, ...; -1 for any other. */
    private int depth(String name) {
        String at = name;
        for (int depth = 0; at != null && depth <= parents.size(); depth++) {
            if (at.equals(followed)) {
                return depth;
            }
            at = parents.get(at);
        }
        return -1;
    }
}
