package io.squall.runner.bench;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.squall.api.bench.BenchRow;
import io.squall.api.bench.BenchSize;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.local.NatsServer;
import io.squall.runner.TestNats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark (not a test): wall time from starting the runner JVM to the noop result arriving on its NATS
 * subject, over N runs of the real jar against a real nats-server, for several sets of JVM flags, beside its floor:
 * a bare JVM start ({@code java -version} with the same flags but the JDK's own class-data archive).
 * Configurations are interleaved run by run, so machine noise spreads evenly over them.
 *
 * The image configuration uses the archive that docker/cds-train.sh (the Dockerfile's step) builds.
 * Run: {@code bin/squall-bench runner [--quick]} ({@code -Dbench.runs=20}; --quick measures only the rows' configurations).
 */
class NoopStartBenchmark {
    private static final int WARMUP = 2;
    /** The Dockerfile's JVM flags besides the class-data archive. */
    private static final List<String> LEAN = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    private static final String DEFAULT = "default JVM flags";
    private static final String DOCKERFILE = "image AppCDS + C1/Serial/-PerfData (Dockerfile)";
    private static final String LEAN_NO_ARCHIVE = "C1 + SerialGC + -UsePerfData";
    private static final String BARE = "bare JVM start (java -version), ";

    @Test
    @EnabledIfSystemProperty(named = "bench.run", matches = "true")
    @Timeout(420)
    void noopStartToResult() throws Exception {
        boolean quick = BenchSize.quick();
        BenchRow.print(run(BenchSize.of("bench.runs", 20, 3), quick ? 1 : WARMUP, jar(), true, !quick));
    }

    static Path jar() {
        return Path.of(System.getProperty("runner.jar", "target/squall-runner.jar"))
                .toAbsolutePath();
    }

    /**
     * Rows of the default flags and of the Dockerfile's (without the image archive when {@code imageArchive} is
     * false: its training runs every runner type), each beside a bare JVM start with the same flags; {@code all}
     * also measures the other configurations (printed, not rows).
     */
    static List<BenchRow> run(int runs, int warmUp, Path jar, boolean imageArchive, boolean all) throws Exception {
        Path work = Files.createTempDirectory("squall-runner-bench");
        try (NatsServer server = NatsServer.start(work.resolve("store"));
                Connection nats = TestNats.connect(server)) {
            TestNats.createResultStream(nats);
            Runs bench = new Runs(jar, work, nats);

            Map<String, List<String>> configs = new LinkedHashMap<>();
            configs.put(DEFAULT, List.of());
            if (all) {
                configs.put("C1 only (TieredStopAtLevel=1)", List.of("-XX:TieredStopAtLevel=1"));
            }
            if (all || !imageArchive) {
                configs.put(LEAN_NO_ARCHIVE, LEAN);
            }
            if (all) {
                // for comparison: a dynamic archive trained on exactly the measured path (noop + a real publish)
                Path noopArchive = work.resolve("noop-dynamic.jsa");
                bench.train(noopArchive, Map.of("SQUALL_NATS_URL", server.url()));
                configs.put("dynamic AppCDS of this noop path + C1/Serial/-PerfData", withArchive(noopArchive, LEAN));
            }
            if (imageArchive) {
                // the image's archive, made by the Dockerfile's own script (training runs of every runner type)
                Path archive = work.resolve("image.jsa");
                Process train = new ProcessBuilder(
                                "docker/cds-train.sh", jar.toString(), archive.toString(), "docker/cds")
                        .directory(jar.getParent().getParent().toFile())
                        .inheritIO()
                        .start();
                if (!train.waitFor(300, TimeUnit.SECONDS) || train.exitValue() != 0) {
                    throw new IllegalStateException("docker/cds-train.sh failed");
                }
                if (all) {
                    configs.put(
                            "image AppCDS + C1 + -UsePerfData (G1)",
                            withArchive(archive, List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData")));
                }
                configs.put(DOCKERFILE, withArchive(archive, LEAN));
            }
            Map<String, List<String>> floors = new LinkedHashMap<>();
            floors.put(BARE + "default flags", List.of());
            floors.put(BARE + "C1/Serial/-PerfData", LEAN);

            Map<String, List<Double>> millis = new LinkedHashMap<>();
            configs.keySet().forEach(name -> millis.put(name, new ArrayList<>()));
            floors.keySet().forEach(name -> millis.put(name, new ArrayList<>()));
            for (int i = 0; i < warmUp + runs; i++) {
                for (Map.Entry<String, List<String>> config : configs.entrySet()) {
                    double ms = bench.timeToResult(server.url(), config.getValue());
                    if (i >= warmUp) {
                        millis.get(config.getKey()).add(ms);
                    }
                }
                for (Map.Entry<String, List<String>> floor : floors.entrySet()) {
                    double ms = bench.timeToExit(floor.getValue());
                    if (i >= warmUp) {
                        millis.get(floor.getKey()).add(ms);
                    }
                }
            }
            System.out.printf(
                    "noop: JVM start -> result received on NATS, %d runs each (%d warm-up runs dropped), %d cores%n",
                    runs, warmUp, Runtime.getRuntime().availableProcessors());
            System.out.printf("%-56s %7s %7s %7s %7s %7s%n", "configuration (ms)", "min", "p50", "p90", "p99", "max");
            Map<String, double[]> sorted = new LinkedHashMap<>();
            millis.forEach((name, values) -> {
                double[] s = values.stream()
                        .mapToDouble(Double::doubleValue)
                        .sorted()
                        .toArray();
                sorted.put(name, s);
                System.out.printf(
                        "%-56s %7.0f %7.0f %7.0f %7.0f %7.0f%n",
                        name, s[0], percentile(s, 50), percentile(s, 90), percentile(s, 99), s[s.length - 1]);
            });
            String lean = imageArchive ? DOCKERFILE : LEAN_NO_ARCHIVE;
            return List.of(
                    row(
                            "default flags",
                            sorted.get(DEFAULT),
                            "java -version p50, same flags",
                            sorted.get(BARE + "default flags")),
                    row(
                            imageArchive ? "Dockerfile flags" : "C1/Serial/-PerfData",
                            sorted.get(lean),
                            "java -version p50, C1/Serial/-PerfData",
                            sorted.get(BARE + "C1/Serial/-PerfData")));
        }
    }

    private static BenchRow row(String label, double[] millis, String floor, double[] floorMillis) {
        return new BenchRow(
                "runner",
                "noop start -> result on NATS p50, " + label,
                percentile(millis, 50),
                "ms",
                floor,
                percentile(floorMillis, 50));
    }

    private static List<String> withArchive(Path archive, List<String> more) {
        List<String> flags = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive));
        flags.addAll(more);
        return flags;
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Starts the runner jar on noop requests. */
    private static final class Runs {
        private final Path jar;
        private final Path work;
        private final Connection nats;
        private int sequence;

        Runs(Path jar, Path work, Connection nats) {
            this.jar = jar;
            this.work = work;
            this.nats = nats;
        }

        /** One run that writes a class-data archive at exit; its exit code does not matter (publishing may fail on purpose). */
        void train(Path archive, Map<String, String> env) throws Exception {
            Process process = start(newRequest(), List.of("-XX:ArchiveClassesAtExit=" + archive), env);
            if (!process.waitFor(120, TimeUnit.SECONDS) || !Files.exists(archive)) {
                throw new IllegalStateException("training run for " + archive + " failed");
            }
        }

        /** Milliseconds from starting the JVM to receiving the result on the execution's subject. */
        double timeToResult(String natsUrl, List<String> jvmFlags) throws Exception {
            String execution = newRequest();
            Subscription subscription = nats.subscribe(Subjects.result("bench", execution));
            nats.flush(Duration.ofSeconds(5));
            long start = System.nanoTime();
            Process process = start(execution, jvmFlags, Map.of("SQUALL_NATS_URL", natsUrl));
            Message message = subscription.nextMessage(Duration.ofSeconds(60));
            double ms = (System.nanoTime() - start) / 1e6;
            subscription.unsubscribe();
            if (message == null || !process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        execution + " " + jvmFlags + " failed: " + Files.readString(work.resolve(execution + ".err")));
            }
            return ms;
        }

        /** Milliseconds from starting a bare JVM ({@code java -version}) to its exit. */
        double timeToExit(List<String> jvmFlags) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmFlags);
            command.add("-version");
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("java " + jvmFlags + " -version failed");
            }
            return (System.nanoTime() - start) / 1e6;
        }

        /** Writes a new noop request and returns its execution name. */
        private String newRequest() throws IOException {
            String execution = "bench-" + (++sequence);
            ActionSpec noop = new ActionSpec();
            noop.runner = RunnerType.NOOP;
            Files.write(
                    work.resolve(execution + ".json"),
                    Json.toBytes(
                            new ExecutionRequest("bench", execution, 0, "core.noop", noop, Map.of(), List.of(), 0)));
            return execution;
        }

        private Process start(String execution, List<String> jvmFlags, Map<String, String> env) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmFlags);
            command.addAll(List.of(
                    "-jar", jar.toString(), work.resolve(execution + ".json").toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(work.resolve(execution + ".err").toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("SQUALL_"));
            builder.environment().putAll(env);
            return builder.start();
        }
    }
}
