package io.squall.operator.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
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
import io.squall.api.bench.BenchRow;
import io.squall.api.bench.BenchSize;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Rule;
import io.squall.engine.template.TemplateRenderer;
import io.squall.local.LocalApiServer;
import io.squall.local.NatsServer;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.datastore.OperatorDatastore;
import io.squall.operator.execution.ExecutionCreator;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.rules.EnforcementNames;
import io.squall.operator.rules.ExecutionFactory;
import io.squall.operator.rules.RuleEnforcer;
import io.squall.operator.rules.RuleEvents;
import io.squall.operator.rules.RuleStatusRecorder;
import io.squall.operator.rules.RulesCache;
import io.squall.operator.rules.RulesEngine;
import io.squall.operator.rules.RulesMetrics;
import io.squall.operator.testsupport.Resources;
import io.squall.operator.testsupport.TestConfigs;
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

/**
 * Trigger publish → Execution created latency through the real rules engine (RulesEngine: durable consumer, index,
 * engine matching and rendering, Execution create) with a real nats-server, on the Fabric8 mock API server (CRUD
 * mode) or a real kube-apiserver, beside its floors measured in the same run: bare Execution creates on the same API
 * server (one at a time for latency, {@value #THREADS} threads for the rate) and the raw JetStream consume rate.
 * "Created" is when the benchmark's watch on Executions sees the ADDED event (the API server's watch latency is
 * included). Phases: warm-up; paced (a steady rate below saturation: the latency a trigger sees); burst (all
 * published at once: the engine's throughput and the latency under a backlog). Run by {@link TriggerLatencyBenchmark}.
 */
final class TriggerLatency {

    /** Counts of each phase; {@code rate} is the paced phase's triggers per second. */
    record Sizes(int warmUp, int paced, int rate, int burst, int raw, int bareCreates) {
        /** -Dbench.paced=1000 -Dbench.rate=100 -Dbench.burst=2000 -Dbench.raw=20000 -Dbench.bare=200 (or --quick's). */
        static Sizes fromProperties() {
            return new Sizes(
                    BenchSize.of("bench.warmup", 300, 100),
                    BenchSize.of("bench.paced", 1000, 200),
                    BenchSize.of("bench.rate", 100, 100),
                    BenchSize.of("bench.burst", 2000, 400),
                    BenchSize.of("bench.raw", 20000, 5000),
                    BenchSize.of("bench.bare", 200, 50));
        }
    }

    private static final String NS = "bench";
    private static final String TYPE = "monitoring.alert";
    private static final int RULES = 10;
    /** The rules engine's default squall.rules.max-concurrency. */
    private static final int THREADS = 16;

    private static final Duration PHASE_BOUND = Duration.ofMinutes(3);

    /**
     * One log line per request (the mock server) and per Execution (the audit log) would measure the console:
     * both are quieted for the run (held here: java.util.logging keeps loggers only weakly).
     */
    private static final List<java.util.logging.Logger> QUIETED = Stream.of("io.fabric8.mockwebserver", "squall.audit")
            .map(java.util.logging.Logger::getLogger)
            .peek(logger -> logger.setLevel(Level.WARNING))
            .toList();

    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final KubernetesClient api;
    /** null on the mock API server. */
    private final LocalApiServer realApiServer;

    private final String benchmark;
    private final Sizes sizes;

    TriggerLatency(KubernetesClient api, LocalApiServer realApiServer, String benchmark, Sizes sizes) {
        this.api = api;
        this.realApiServer = realApiServer;
        this.benchmark = benchmark;
        this.sizes = sizes;
    }

    List<BenchRow> run() throws Exception {
        try (NatsServer nats = NatsServer.start()) {
            SquallConfig config = TestConfigs.squall(Map.of("squall.nats.url", nats.url()));
            prepareApiServer();
            NatsConnector connector = new NatsConnector(config);
            connector.start();
            // the operator's wiring (CDI there), by hand
            Clock clock = Clock.systemUTC();
            TemplateRenderer renderer = new TemplateRenderer();
            RulesCache cache = new RulesCache(api, config);
            RuleStatusRecorder recorder = new RuleStatusRecorder(api, cache, clock);
            var updater = new io.squall.operator.execution.ExecutionStatusUpdater(
                    api, new io.squall.operator.execution.ExecutionEvents(api, clock));
            RulesEngine engine = new RulesEngine(
                    config,
                    connector,
                    new OperatorDatastore(connector, config, clock, api),
                    cache,
                    recorder,
                    new RulesMetrics(new SimpleMeterRegistry(), recorder),
                    new RuleEnforcer(
                            cache,
                            new ExecutionFactory(renderer),
                            new ExecutionCreator(api),
                            updater,
                            new RuleEvents(api, clock),
                            clock),
                    renderer,
                    clock);
            engine.start();
            Watch watch = api.resources(Execution.class).inNamespace(NS).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Execution execution) {
                    if (action == Action.ADDED) {
                        created.putIfAbsent(execution.getMetadata().getName(), System.nanoTime());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {}
            });
            try (Connection connection = Nats.connect(nats.url())) {
                await().atMost(Duration.ofMinutes(2)).until(engine::isConsuming);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> engine.ruleIndex().rulesFor(NS, TYPE).size() == RULES);
                TriggerPublisher publisher = new TriggerPublisher(connection.jetStream());

                runPhase("warm-up", publisher, sizes.warmUp(), 0);
                // the floor with a warm JVM on an empty store again (the mock API server scans its store per
                // request: slower as it fills)
                deleteExecutions(NS);
                BareCreates bare = bareCreates(sizes.bareCreates(), sizes.burst());
                Phase paced = runPhase("paced", publisher, sizes.paced(), sizes.rate());
                Phase burst = runPhase("burst", publisher, sizes.burst(), 0);
                long rawPublish = rawPublishRate(connection);
                long rawConsume = rawConsumeRate(connection);
                double burstRate = sizes.burst() / (burst.drainNanos() / 1e9);

                System.out.println();
                System.out.println("=== TriggerLatencyBenchmark (nats-server, "
                        + (realApiServer != null ? "real kube-apiserver " + "1.20.2 + etcd" : "Fabric8 mock API server")
                        + ", " + RULES + " rules of one trigger type, 1 match per trigger, "
                        + Runtime.getRuntime().availableProcessors() + " cores) ===");
                System.out.printf(
                        "paced %d triggers at %d/s: publish -> Execution created  p50 %.1f ms  p90 %.1f ms"
                                + "  p99 %.1f ms  max %.1f ms%n",
                        sizes.paced(), sizes.rate(), paced.ms(50), paced.ms(90), paced.ms(99), paced.ms(100));
                System.out.printf(
                        "burst %d triggers at once: %.0f Executions/s (first publish -> last Execution %.1f s);"
                                + "  latency p50 %.1f ms  p99 %.1f ms%n",
                        sizes.burst(), burstRate, burst.drainNanos() / 1e9, burst.ms(50), burst.ms(99));
                System.out.printf(
                        "the API server alone: %d Execution creates/s (%d threads, %d creates into an empty "
                                + "store, no NATS); one at a time p50 %.1f ms p99 %.1f ms%n",
                        bare.rate(),
                        THREADS,
                        sizes.burst(),
                        bare.latencies().ms(50),
                        bare.latencies().ms(99));
                System.out.printf(
                        "raw JetStream (same server, same %d-byte payload): publish %d msg/s (sync, acked), "
                                + "consume %d msg/s (pull, acked)%n",
                        payload(0, "raw").length, rawPublish, rawConsume);
                System.out.printf(
                        "rule status patches sent: %d for %d enforcements%n",
                        engine.statusRecorder().patchesSent(), sizes.warmUp() + sizes.paced() + sizes.burst());
                String paced1 = "paced %d/s: publish -> Execution".formatted(sizes.rate());
                return List.of(
                        new BenchRow(
                                benchmark,
                                paced1 + " p50",
                                paced.ms(50),
                                "ms",
                                "bare create p50, 1 at a time",
                                bare.latencies().ms(50)),
                        new BenchRow(
                                benchmark,
                                paced1 + " p99",
                                paced.ms(99),
                                "ms",
                                "bare create p99, 1 at a time",
                                bare.latencies().ms(99)),
                        new BenchRow(
                                benchmark,
                                "burst of %d: Executions".formatted(sizes.burst()),
                                burstRate,
                                "Executions/s",
                                "bare creates, %d threads".formatted(THREADS),
                                bare.rate()),
                        new BenchRow(
                                benchmark,
                                "burst of %d: triggers consumed".formatted(sizes.burst()),
                                burstRate,
                                "triggers/s",
                                "raw JetStream pull + ack",
                                rawConsume));
            } finally {
                watch.close();
                engine.stop();
                connector.stop();
            }
        }
    }

    /** Sorted publish-to-created latencies (ns) of one phase, and the time from its first publish to its last Execution. */
    private record Phase(long[] sortedLatencies, long drainNanos) {
        double ms(int percentile) {
            int index = percentile >= 100
                    ? sortedLatencies.length - 1
                    : (int) Math.max(0, Math.ceil(sortedLatencies.length * percentile / 100.0) - 1);
            return sortedLatencies[index] / 1e6;
        }
    }

    /** Publishes {@code count} triggers, at {@code perSecond} or all at once (0), and waits for their Executions. */
    private Phase runPhase(String phase, TriggerPublisher publisher, int count, int perSecond) throws Exception {
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
        await(phase + " Executions created")
                .atMost(PHASE_BOUND)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> sent.keySet().stream().allMatch(created::containsKey));
        long[] latencies = sent.entrySet().stream()
                .mapToLong(e -> created.get(e.getKey()) - e.getValue())
                .sorted()
                .toArray();
        long last = sent.keySet().stream().mapToLong(created::get).max().orElse(start);
        return new Phase(latencies, last - start);
    }

    private static TriggerEvent trigger(int i, String phase) throws Exception {
        return new TriggerEvent(
                phase + "-" + i,
                TYPE,
                NS,
                Json.mapper().readTree(payload(i, phase)),
                Instant.now(),
                "bench",
                "bench-" + phase + "-" + i);
    }

    private static byte[] payload(int i, String phase) {
        return ("{\"bucket\": " + (i % RULES) + ", \"host\": \"web-" + i + "\", \"severity\": \"critical\", "
                        + "\"message\": \"disk usage above 90% on /var\", \"phase\": \"" + phase + "\"}")
                .getBytes();
    }

    private void prepareApiServer() throws Exception {
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
        api.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
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

    /** One-at-a-time create latencies and the {@value #THREADS}-thread create rate of bare Executions. */
    private record BareCreates(Phase latencies, long rate) {}

    /** The floor the API server sets: Executions like the engine's, created directly (no NATS, no engine). */
    private BareCreates bareCreates(int oneAtATime, int concurrent) throws Exception {
        String namespace = NS + "-raw";
        api.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
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
        // parsed before the clock starts: the engine creates objects, it parses no YAML
        List<Execution> singles = new ArrayList<>();
        List<Execution> concurrents = new ArrayList<>();
        for (int i = 0; i < Math.max(oneAtATime, concurrent); i++) {
            singles.add(Resources.yaml(manifest.replace("NAME", "single-" + i), Execution.class));
            concurrents.add(Resources.yaml(manifest.replace("NAME", "raw-" + i), Execution.class));
        }
        long[] latencies = new long[oneAtATime];
        for (int i = 0; i < oneAtATime; i++) {
            long start = System.nanoTime();
            api.resource(singles.get(i)).create();
            latencies[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(latencies);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        List<Future<?>> creates = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            Execution execution = concurrents.get(i);
            creates.add(pool.submit(() -> api.resource(execution).create()));
        }
        for (Future<?> create : creates) {
            create.get();
        }
        long rate = Math.round(concurrent / ((System.nanoTime() - start) / 1e9));
        pool.shutdown();
        deleteExecutions(namespace); // out of the way of the measured phases (a fuller store is a slower mock)
        return new BareCreates(new Phase(latencies, 0), rate);
    }

    private void deleteExecutions(String namespace) {
        api.resources(Execution.class).inNamespace(namespace).delete();
        await("Executions in " + namespace + " deleted")
                .atMost(Duration.ofMinutes(2))
                .until(() -> api.resources(Execution.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
    }

    private long rawPublishRate(Connection connection) throws Exception {
        connection
                .jetStreamManagement()
                .addStream(StreamConfiguration.builder()
                        .name("BENCH_RAW")
                        .subjects("bench.raw")
                        .storageType(StorageType.File)
                        .build());
        JetStream js = connection.jetStream();
        byte[] data = payload(0, "raw");
        long start = System.nanoTime();
        for (int i = 0; i < sizes.raw(); i++) {
            js.publish("bench.raw", data);
        }
        return Math.round(sizes.raw() / ((System.nanoTime() - start) / 1e9));
    }

    private long rawConsumeRate(Connection connection) throws Exception {
        var consumer = connection
                .getStreamContext("BENCH_RAW")
                .createOrUpdateConsumer(ConsumerConfiguration.builder()
                        .durable("bench-raw")
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
        long start = System.nanoTime();
        int received = 0;
        while (received < sizes.raw()) {
            FetchConsumer fetch = consumer.fetchMessages(Math.min(256, sizes.raw() - received));
            Message message;
            while ((message = fetch.nextMessage()) != null) {
                message.ack();
                received++;
            }
        }
        return Math.round(sizes.raw() / ((System.nanoTime() - start) / 1e9));
    }
}
