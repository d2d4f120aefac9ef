package io.squall.operator.bench;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Rule;
import io.squall.local.NatsServer;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.rules.EnforcementNames;
import io.squall.operator.rules.RulesEngine;
import io.squall.operator.testsupport.KubeApiServer;
import io.squall.operator.testsupport.Resources;
import io.squall.operator.testsupport.TestConfigs;

/**
 * Benchmark, not a test (prints figures, asserts nothing about time): trigger publish → Execution created latency
 * through the real rules engine (RulesEngine: durable consumer, index, engine matching and rendering, Execution
 * create) with a real nats-server and the Fabric8 mock API server (CRUD mode), plus the raw JetStream
 * publish/consume rate measured in the same run. Run it with
 * <pre>
 * cd operator && mvn -B test -Dtest=TriggerLatencyBenchmark -Dsquall.bench=true
 * # against a real kube-apiserver + etcd (binaries from SQUALL_KUBE_API_TEST_DIR):
 * cd operator && mvn -B test -Dtest=TriggerLatencyBenchmark -Dsquall.bench=true -Dbench.api=real
 * </pre>
 * Sizes: -Dbench.paced=1000 -Dbench.rate=100 -Dbench.burst=2000 -Dbench.raw=20000.
 * "Created" is when the benchmark's watch on Executions sees the ADDED event (the API server's watch latency is
 * included). Phases: warm-up; paced (a steady rate below saturation: the latency a trigger sees); burst (all
 * published at once: the engine's throughput and the latency under a backlog).
 */
@EnableKubernetesMockClient(crud = true, https = false)
@EnabledIfSystemProperty(named = "squall.bench", matches = "true")
class TriggerLatencyBenchmark {

    private static final String NS = "bench";
    private static final String TYPE = "monitoring.alert";
    private static final int RULES = 10;
    private static final int WARM_UP = 300;
    private static final int PACED = Integer.getInteger("bench.paced", 1000);
    private static final int PACED_PER_SECOND = Integer.getInteger("bench.rate", 100);
    private static final int BURST = Integer.getInteger("bench.burst", 2000);
    private static final int RAW = Integer.getInteger("bench.raw", 20000);
    /** The rules engine's default squall.rules.max-concurrency. */
    private static final int THREADS = 16;

    /** Injected by @EnableKubernetesMockClient; used unless -Dbench.api=real. */
    static KubernetesClient client;
    private static KubernetesClient api;
    private static final boolean REAL_API_SERVER = "real".equals(System.getProperty("bench.api", "mock"));

    /**
     * One log line per request (the mock server) and per Execution (the audit log) would measure the console:
     * both are quieted for the run (held here: java.util.logging keeps loggers only weakly).
     */
    private static final List<java.util.logging.Logger> QUIETED = Stream.of("io.fabric8.mockwebserver", "squall.audit")
            .map(java.util.logging.Logger::getLogger).peek(logger -> logger.setLevel(Level.WARNING)).toList();

    private final Map<String, Long> created = new ConcurrentHashMap<>();

    @Test
    void triggerToExecutionLatency() throws Exception {
        KubeApiServer realApiServer = null;
        if (REAL_API_SERVER) {
            realApiServer = new KubeApiServer();
            realApiServer.beforeAll(null);
            api = realApiServer.client();
        } else {
            api = client;
        }
        try (NatsServer nats = NatsServer.start()) {
            SquallConfig config = TestConfigs.squall(Map.of("squall.nats.url", nats.url()));
            prepareApiServer(realApiServer);
            NatsConnector connector = new NatsConnector(config);
            connector.start();
            RulesEngine engine = new RulesEngine(config, connector, api, Clock.systemUTC(),
                    new SimpleMeterRegistry(), new OperatorDatastore(connector, config, Clock.systemUTC(), api));
            engine.start();
            Watch watch = api.resources(Execution.class).inNamespace(NS).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Execution execution) {
                    if (action == Action.ADDED) {
                        created.putIfAbsent(execution.getMetadata().getName(), System.nanoTime());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
            try (Connection connection = Nats.connect(nats.url())) {
                await().atMost(Duration.ofMinutes(2)).until(engine::isConsuming);
                await().atMost(Duration.ofMinutes(1)).until(() -> engine.ruleIndex().rulesFor(NS, TYPE).size() == RULES);
                TriggerPublisher publisher = new TriggerPublisher(connection.jetStream());

                // first, on a still empty store (the mock API server scans its store per request: slower as it fills)
                long apiCreates = rawCreateRate(BURST);
                run("warm-up", publisher, WARM_UP, 0);
                Phase paced = run("paced", publisher, PACED, PACED_PER_SECOND);
                Phase burst = run("burst", publisher, BURST, 0);
                long rawPublish = rawPublishRate(connection);
                long rawConsume = rawConsumeRate(connection);

                System.out.println();
                System.out.println("=== TriggerLatencyBenchmark (nats-server 2.9, "
                        + (REAL_API_SERVER ? "real kube-apiserver " + "1.20.2 + etcd" : "Fabric8 mock API server") + ", "
                        + RULES + " rules of one trigger type, 1 match per trigger, "
                        + Runtime.getRuntime().availableProcessors() + " cores) ===");
                System.out.printf("paced %d triggers at %d/s: publish -> Execution created  p50 %.1f ms  p90 %.1f ms"
                        + "  p99 %.1f ms  max %.1f ms%n", PACED, PACED_PER_SECOND, paced.ms(50), paced.ms(90),
                        paced.ms(99), paced.ms(100));
                System.out.printf("burst %d triggers at once: %.0f Executions/s (first publish -> last Execution %.1f s);"
                        + "  latency p50 %.1f ms  p99 %.1f ms%n", BURST, BURST / (burst.drainNanos() / 1e9),
                        burst.drainNanos() / 1e9, burst.ms(50), burst.ms(99));
                System.out.printf("the API server alone: %d Execution creates/s (%d threads, %d creates into an empty "
                        + "store, no NATS)%n",
                        apiCreates, THREADS, BURST);
                System.out.printf("raw JetStream (same server, same %d-byte payload): publish %d msg/s (sync, acked), "
                        + "consume %d msg/s (pull, acked)%n", payload(0, "raw").length, rawPublish, rawConsume);
                System.out.printf("rule status patches sent: %d for %d enforcements%n",
                        engine.statusRecorder().patchesSent(), WARM_UP + PACED + BURST);
            } finally {
                watch.close();
                engine.stop();
                connector.stop();
            }
        } finally {
            if (realApiServer != null) {
                realApiServer.afterAll(null);
            }
        }
    }

    /** Sorted publish-to-created latencies (ns) of one phase, and the time from its first publish to its last Execution. */
    private record Phase(long[] sortedLatencies, long drainNanos) {
        double ms(int percentile) {
            int index = percentile >= 100 ? sortedLatencies.length - 1
                    : (int) Math.max(0, Math.ceil(sortedLatencies.length * percentile / 100.0) - 1);
            return sortedLatencies[index] / 1e6;
        }
    }

    /** Publishes {@code count} triggers, at {@code perSecond} or all at once (0), and waits for their Executions. */
    private Phase run(String phase, TriggerPublisher publisher, int count, int perSecond) throws Exception {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (perSecond > 0) {
                long wait = start + (long) i * 1_000_000_000L / perSecond - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            TriggerEvent trigger = trigger(i, phase);
            sent.put(EnforcementNames.executionName(NS, "r-" + (i % RULES), trigger.id()), System.nanoTime());
            publisher.publish(trigger);
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> sent.keySet().stream().allMatch(created::containsKey));
        long[] latencies = sent.entrySet().stream().mapToLong(e -> created.get(e.getKey()) - e.getValue()).sorted()
                .toArray();
        long last = sent.keySet().stream().mapToLong(created::get).max().orElse(start);
        return new Phase(latencies, last - start);
    }

    private static TriggerEvent trigger(int i, String phase) throws Exception {
        return new TriggerEvent(phase + "-" + i, TYPE, NS, Json.mapper().readTree(payload(i, phase)), Instant.now(),
                "bench", "bench-" + phase + "-" + i);
    }

    private static byte[] payload(int i, String phase) {
        return ("{\"bucket\": " + (i % RULES) + ", \"host\": \"web-" + i + "\", \"severity\": \"critical\", "
                + "\"message\": \"disk usage above 90% on /var\", \"phase\": \"" + phase + "\"}").getBytes();
    }

    private void prepareApiServer(KubeApiServer realApiServer) throws Exception {
        List<Path> crds;
        try (Stream<Path> files = Files.list(Path.of("..", "crds"))) {
            crds = files.filter(f -> f.toString().endsWith(".yml")).toList();
        }
        if (realApiServer != null) {
            realApiServer.installCrds(crds);
        } else {
            for (Path file : crds) {
                try (InputStream in = Files.newInputStream(file)) {
                    api.resource(Resources.yaml(new String(in.readAllBytes()), CustomResourceDefinition.class))
                            .create();
                }
            }
        }
        api.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        api.resource(Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Action
                metadata: {name: notify, namespace: bench}
                spec:
                  runner: shell
                  command: echo
                  parameters:
                    message: {type: string, required: true}
                    host: {type: string}
                    severity: {type: string, enum: [info, warning, critical]}
                """, Action.class)).create();
        for (int r = 0; r < RULES; r++) {
            api.resource(Resources.yaml("""
                    apiVersion: squall.io/v1alpha1
                    kind: Rule
                    metadata: {name: r-%d, namespace: bench}
                    spec:
                      trigger: {type: monitoring.alert}
                      criteria:
                        trigger.bucket: {type: equals, pattern: %d}
                        trigger.severity: {type: iequals, pattern: CRITICAL}
                      action:
                        ref: notify
                        parameters:
                          message: '{{ trigger.message }} ({{ trigger.host }})'
                          host: '{{ trigger.host }}'
                          severity: '{{ trigger.severity }}'
                    """.formatted(r, r), Rule.class)).create();
        }
    }

    /** The ceiling the API server sets: Executions like the engine's, created directly as fast as it takes them. */
    private static long rawCreateRate(int count) throws Exception {
        String namespace = NS + "-raw";
        api.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        String manifest = """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: NAME, namespace: %s, labels: {squall.io/rule: r-0, squall.io/action: notify}}
                spec:
                  action: {name: notify}
                  parameters: {message: 'disk usage above 90%% on /var (web-1)', host: web-1, severity: critical}
                  context: {rule: r-0, triggerId: t, triggerType: monitoring.alert, trigger: {bucket: 0, host: web-1}}
                """.formatted(namespace);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> creates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "raw-" + i;
            creates.add(pool.submit(() -> api.resource(Resources.yaml(manifest.replace("NAME", name),
                    Execution.class)).create()));
        }
        for (Future<?> create : creates) {
            create.get();
        }
        long rate = Math.round(count / ((System.nanoTime() - start) / 1e9));
        pool.shutdown();
        // out of the way of the measured phases (a fuller store is a slower mock API server)
        api.resources(Execution.class).inNamespace(namespace).delete();
        await().atMost(Duration.ofMinutes(2))
                .until(() -> api.resources(Execution.class).inNamespace(namespace).list().getItems().isEmpty());
        return rate;
    }

    private static long rawPublishRate(Connection connection) throws Exception {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("BENCH_RAW")
                .subjects("bench.raw").storageType(StorageType.File).build());
        JetStream js = connection.jetStream();
        byte[] data = payload(0, "raw");
        long start = System.nanoTime();
        for (int i = 0; i < RAW; i++) {
            js.publish("bench.raw", data);
        }
        return Math.round(RAW / ((System.nanoTime() - start) / 1e9));
    }

    private static long rawConsumeRate(Connection connection) throws Exception {
        var consumer = connection.getStreamContext("BENCH_RAW").createOrUpdateConsumer(ConsumerConfiguration.builder()
                .durable("bench-raw").ackPolicy(AckPolicy.Explicit).build());
        long start = System.nanoTime();
        int received = 0;
        while (received < RAW) {
            FetchConsumer fetch = consumer.fetchMessages(Math.min(256, RAW - received));
            Message message;
            while ((message = fetch.nextMessage()) != null) {
                message.ack();
                received++;
            }
        }
        return Math.round(RAW / ((System.nanoTime() - start) / 1e9));
    }

}
