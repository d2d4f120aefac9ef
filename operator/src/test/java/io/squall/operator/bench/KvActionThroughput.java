package io.squall.operator.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.squall.api.bench.BenchRow;
import io.squall.api.bench.BenchSize;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.engine.datastore.Datastore;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.execution.ExecutionTransitions;
import io.squall.operator.testsupport.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The datastore actions run in the operator: a burst of core-kv-set and of core-kv-get Executions (create → Succeeded,
 * seen by a watch) beside the same datastore operations done directly; and a burst of Job-based noop Executions
 * (real runner JVMs through the local Job executor) beside the kv-set burst, to show what running in the operator
 * saves.
 */
final class KvActionThroughput {
    private static final String NS = "bench-kv";
    private static final Duration BOUND = Duration.ofMinutes(4);

    record Sizes(int count, int jobs, int parallel) {
        static Sizes fromProperties() {
            return new Sizes(
                    BenchSize.of("bench.count", 300, 60),
                    BenchSize.of("bench.jobs", 12, 4),
                    BenchSize.of("bench.parallel", 4, 4));
        }
    }

    private final KubernetesClient client;
    private final OperatorDatastore datastore;
    private final Sizes sizes;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    KvActionThroughput(KubernetesClient client, OperatorDatastore datastore, Sizes sizes) {
        this.client = client;
        this.datastore = datastore;
        this.sizes = sizes;
    }

    List<BenchRow> run() throws Exception {
        action("kv-set", "runner: kv\n  kv: {operation: set}\n  parameters:\n    key: {type: string}\n    value: {}\n");
        action("kv-get", "runner: kv\n  kv: {operation: get}\n  parameters:\n    key: {type: string}\n");
        action("noop", "runner: noop\n");
        try (Watch watch = client.resources(Execution.class).inNamespace(NS).watch(new Recorder())) {
            burst("warm", "kv-set", Math.max(5, sizes.count() / 10));
            double sets = burst("set", "kv-set", sizes.count());
            double gets = burst("get", "kv-get", sizes.count());
            double directSets = direct(true);
            double directGets = direct(false);
            double jobs;
            try (LocalJobExecutor executor = new LocalJobExecutor(client, sizes.parallel()).start()) {
                burst("warm-job", "noop", Math.min(2, sizes.jobs()));
                jobs = burst("job", "noop", sizes.jobs());
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException("executions failed: " + failed);
            }
            return List.of(
                    new BenchRow(
                            "kv",
                            "burst of %d core-kv-set Executions, in the operator".formatted(sizes.count()),
                            sets,
                            "executions/s",
                            "the same kv sets, directly",
                            directSets),
                    new BenchRow(
                            "kv",
                            "burst of %d core-kv-get Executions, in the operator".formatted(sizes.count()),
                            gets,
                            "executions/s",
                            "the same kv gets, directly",
                            directGets),
                    new BenchRow(
                            "kv",
                            "burst of %d noop Executions as Jobs, %d runners".formatted(sizes.jobs(), sizes.parallel()),
                            jobs,
                            "executions/s",
                            "core-kv-set Executions, in the operator",
                            sets));
        }
    }

    private void action(String name, String spec) {
        client.resource(Resources.yaml(
                        "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: " + name + ", namespace: " + NS
                                + "}\nspec:\n  " + spec,
                        Action.class))
                .create();
    }

    /** Creates {@code count} Executions at once and returns how many finished per second. */
    private double burst(String prefix, String action, int count) {
        List<String> names = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            names.add(name);
            client.resource(Resources.yaml(
                            "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name
                                    + ", namespace: " + NS + "}\nspec:\n  action: {name: " + action
                                    + "}\n  parameters: {"
                                    + (action.equals("noop") ? "" : "key: k" + i)
                                    + (action.equals("kv-set") ? ", value: v" + i : "")
                                    + "}\n",
                            Execution.class))
                    .create();
        }
        await(prefix + " executions finished")
                .atMost(BOUND)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> finished.containsAll(names));
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** The floor: the same datastore operations, one after another, with no Execution around them. */
    private double direct(boolean set) {
        Datastore store = datastore.datastore();
        Datastore.Place place = Datastore.Place.system(NS + "-direct");
        long start = System.nanoTime();
        for (int i = 0; i < sizes.count(); i++) {
            if (set) {
                store.set(place, "k" + i, TextNode.valueOf("v" + i), null, false, null, null);
            } else {
                store.get(place, "k" + i, false);
            }
        }
        return sizes.count() / ((System.nanoTime() - start) / 1e9);
    }

    private final class Recorder implements Watcher<Execution> {
        @Override
        public void eventReceived(Action action, Execution execution) {
            if (ExecutionTransitions.isFinal(execution.getStatus())) {
                String name = execution.getMetadata().getName();
                if (execution.getStatus().phase != io.squall.api.v1alpha1.ExecutionPhase.Succeeded) {
                    failed.add(name + ": " + execution.getStatus().error);
                }
                finished.add(name);
            }
        }

        @Override
        public void onClose(WatcherException cause) {}
    }
}
