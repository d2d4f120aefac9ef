package io.squall.runner.publish;

import static io.squall.runner.TestRequests.shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.OutputEvent;
import io.squall.api.messages.OutputEvent.Stream;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.runner.Cancellation;
import io.squall.runner.ExecutionAttempt;
import io.squall.runner.RunnerConfig;
import io.squall.runner.TestNats;
import io.squall.runner.TestRequests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real actions (child processes) whose output is published live to a real nats-server. */
class NatsOutputPublisherTest {
    private static NatsServer server;
    private static Connection runnerSide;
    private static Connection observer;

    @BeforeAll
    static void startNats(@TempDir Path store) throws Exception {
        server = NatsServer.start(store);
        runnerSide = TestNats.connect(server);
        observer = TestNats.connect(server);
    }

    @AfterAll
    static void stopNats() throws Exception {
        runnerSide.close();
        observer.close();
        server.close();
    }

    @Test
    void linesArriveInOrderWhileTheActionRunsAndTheEndGivesEachStreamsLength() throws Exception {
        BlockingQueue<OutputEvent> received = subscribe("ops", "lines-1");
        ExecutionRequest request = TestRequests.request(
                "ops",
                "lines-1",
                shell("for i in 1 2 3; do echo line-$i; sleep 0.4; done; echo done >&2"),
                Map.of("token", "never-printed"),
                List.of("token"),
                0); // masking on: it must not hold lines back
        NatsOutputPublisher output = publisher(CompletableFuture.completedFuture(runnerSide), request, 1024 * 1024);

        CompletableFuture<ExecutionResult> attempt = CompletableFuture.supplyAsync(() -> run(request, output));
        OutputEvent first = received.poll(20, TimeUnit.SECONDS);
        assertThat(attempt).as("the first line came only with the result").isNotDone();
        assertThat(first).isInstanceOf(OutputEvent.Chunk.class);
        assertThat(text((OutputEvent.Chunk) first)).isEqualTo("line-1\n");
        assertThat(attempt.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.succeeded);
        output.finish(Duration.ofSeconds(5));

        List<OutputEvent> events = drainUntilEnd(received, first);
        StringBuilder stdout = new StringBuilder();
        long expectedSeq = 1;
        long expectedOffset = 0;
        for (OutputEvent e : events) {
            assertThat(e.seq()).isEqualTo(expectedSeq++);
            assertThat(e.attempt()).isEqualTo(1);
            if (e instanceof OutputEvent.Chunk c && c.stream() == Stream.stdout) {
                assertThat(c.offset()).isEqualTo(expectedOffset);
                expectedOffset += c.data().length;
                stdout.append(text(c));
            }
        }
        assertThat(stdout).hasToString("line-1\nline-2\nline-3\n");
        assertThat(events)
                .filteredOn(e -> e instanceof OutputEvent.Chunk c && c.stream() == Stream.stderr)
                .singleElement()
                .satisfies(e -> assertThat(text((OutputEvent.Chunk) e)).isEqualTo("done\n"));
        assertThat(events.get(events.size() - 1)).isEqualTo(new OutputEvent.End(1, events.size(), 21, 5, 0));
    }

    @Test
    void aSecretParametersValueIsMaskedInTheStreamedChunks() throws Exception {
        BlockingQueue<OutputEvent> received = subscribe("ops", "secret-1");
        ExecutionRequest request = TestRequests.request(
                "ops",
                "secret-1",
                shell("echo \"logging in with $SQUALL_PARAM\"; printf '%s' \"$SQUALL_PARAM\" >&2"),
                Map.of("token", "hunter2-s3cr3t"),
                List.of("token"),
                0);
        request.action().env = Map.of("SQUALL_PARAM", "hunter2-s3cr3t");
        NatsOutputPublisher output = publisher(CompletableFuture.completedFuture(runnerSide), request, 1024 * 1024);

        assertThat(run(request, output).outcome()).isEqualTo(Outcome.succeeded);
        output.finish(Duration.ofSeconds(5));

        Map<Stream, StringBuilder> streams =
                Map.of(Stream.stdout, new StringBuilder(), Stream.stderr, new StringBuilder());
        for (OutputEvent e : drainUntilEnd(received, null)) {
            if (e instanceof OutputEvent.Chunk c) {
                assertThat(text(c)).doesNotContain("hunter2");
                streams.get(c.stream()).append(text(c));
            }
        }
        // the masker holds back what could be the start of a secret, so a line may come in more than one chunk
        assertThat(streams.get(Stream.stdout)).hasToString("logging in with ********\n");
        assertThat(streams.get(Stream.stderr)).hasToString("********");
    }

    @Test
    void withNatsUnreachableTheActionStillSucceedsAndTheOutputIsCountedAsDropped() throws Exception {
        ExecutionRequest request =
                TestRequests.request("ops", "down-1", shell("echo one; echo two"), Map.of(), List.of(), 0);
        CompletableFuture<Connection> unreachable = CompletableFuture.supplyAsync(() -> {
            try {
                return Nats.connect(new io.nats.client.Options.Builder()
                        .server("nats://127.0.0.1:1")
                        .connectionTimeout(Duration.ofSeconds(1))
                        .build());
            } catch (Exception e) {
                throw new IllegalStateException("cannot connect to NATS nats://127.0.0.1:1: " + e.getMessage(), e);
            }
        });
        NatsOutputPublisher output = publisher(unreachable, request, 1024 * 1024);

        long start = System.nanoTime();
        ExecutionResult result = run(request, output);
        output.finish(Duration.ofSeconds(2));

        assertThat(result.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(result.result().get("stdout").asText()).isEqualTo("one\ntwo");
        assertThat(output.droppedMessages()).isPositive();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void pastTheLimitOneNoticeSaysTheRestIsInTheResultAndTheEndStillCountsAllBytes() throws Exception {
        BlockingQueue<OutputEvent> received = subscribe("ops", "noisy-1");
        ExecutionRequest request = TestRequests.request(
                "ops",
                "noisy-1",
                shell("for i in $(seq 1 200); do echo \"line $i of many\"; done"),
                Map.of(),
                List.of(),
                0);
        NatsOutputPublisher output = publisher(CompletableFuture.completedFuture(runnerSide), request, 100);

        ExecutionResult result = run(request, output);
        output.finish(Duration.ofSeconds(5));

        List<OutputEvent> events = drainUntilEnd(received, null);
        long streamed = events.stream()
                .filter(e -> e instanceof OutputEvent.Chunk)
                .mapToLong(e -> ((OutputEvent.Chunk) e).data().length)
                .sum();
        assertThat(streamed).isLessThanOrEqualTo(100);
        assertThat(events)
                .filteredOn(e -> e instanceof OutputEvent.Notice)
                .singleElement()
                .satisfies(n -> assertThat(((OutputEvent.Notice) n).text()).contains("it is in the result"));
        long total = result.result().get("stdout").asText().length() + 1; // the result drops the last newline
        assertThat(((OutputEvent.End) events.get(events.size() - 1)).stdoutBytes())
                .isEqualTo(total);
    }

    @Test
    void aLongLineIsCutIntoChunksOfTheMaximumSize() throws Exception {
        BlockingQueue<OutputEvent> received = subscribe("ops", "wide-1");
        ExecutionRequest request = TestRequests.request(
                "ops",
                "wide-1",
                shell("head -c 40000 /dev/zero | tr '\\0' x; echo; echo short"),
                Map.of(),
                List.of(),
                0);
        NatsOutputPublisher output = publisher(CompletableFuture.completedFuture(runnerSide), request, 1024 * 1024);
        run(request, output);
        output.finish(Duration.ofSeconds(5));

        List<OutputEvent> events = drainUntilEnd(received, null);
        StringBuilder stdout = new StringBuilder();
        for (OutputEvent e : events) {
            if (e instanceof OutputEvent.Chunk c) {
                assertThat(c.data().length).isLessThanOrEqualTo(NatsOutputPublisher.MAX_CHUNK_BYTES);
                stdout.append(text(c));
            }
        }
        assertThat(stdout).hasToString("x".repeat(40000) + "\nshort\n");
    }

    private static NatsOutputPublisher publisher(
            CompletableFuture<Connection> connection, ExecutionRequest request, long limit) {
        return new NatsOutputPublisher(connection, request.namespace(), request.execution(), request.attempt(), limit);
    }

    private static ExecutionResult run(ExecutionRequest request, NatsOutputPublisher output) {
        Map<String, String> env = new HashMap<>(System.getenv());
        RunnerConfig config = RunnerConfig.from(env, new String[] {"request-given-in-process.json"});
        return new ExecutionAttempt(config, env, new ByteArrayOutputStream(), new ByteArrayOutputStream(), output)
                .run(request, new Cancellation());
    }

    private static BlockingQueue<OutputEvent> subscribe(String namespace, String execution) throws Exception {
        BlockingQueue<OutputEvent> received = new LinkedBlockingQueue<>();
        Dispatcher dispatcher = observer.createDispatcher(m -> received.add(OutputEvent.from(m)));
        dispatcher.subscribe(Subjects.output(namespace, execution));
        observer.flush(Duration.ofSeconds(5));
        return received;
    }

    private static List<OutputEvent> drainUntilEnd(BlockingQueue<OutputEvent> received, OutputEvent first)
            throws InterruptedException {
        List<OutputEvent> events = new java.util.ArrayList<>();
        if (first != null) {
            events.add(first);
        }
        while (events.isEmpty() || !(events.get(events.size() - 1) instanceof OutputEvent.End)) {
            OutputEvent next = received.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("no end of the output after " + events).isNotNull();
            events.add(next);
        }
        return events;
    }

    private static String text(OutputEvent.Chunk chunk) {
        return new String(chunk.data(), StandardCharsets.UTF_8);
    }
}
