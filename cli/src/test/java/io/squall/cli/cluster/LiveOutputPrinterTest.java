package io.squall.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.squall.api.messages.Json;
import io.squall.api.messages.OutputEvent;
import io.squall.api.messages.OutputEvent.Stream;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.cli.NatsOptions;
import io.squall.local.NatsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The live output of squall run / execution tail, from a real nats-server, as the runner publishes it. */
class LiveOutputPrinterTest {
    private static NatsServer server;
    private static Connection runner;

    @Command(name = "test")
    static final class Options {
        @Mixin
        NatsOptions nats;
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final PrintWriter outWriter = new PrintWriter(out, true);
    private final PrintWriter errWriter = new PrintWriter(err, true);

    @BeforeAll
    static void startNats() throws Exception {
        server = NatsServer.start();
        runner = Nats.connect(server.url());
    }

    @AfterAll
    static void stopNats() throws Exception {
        runner.close();
        server.close();
    }

    @Test
    void printsTheChunksOfTheExecutionAsTheyArriveAndTheResultThenLeavesTheOutputOut() throws Exception {
        try (LiveOutputPrinter printer = subscribe(server.url())) {
            // before the name is known (the Execution is not created yet): kept, then printed
            publish("ops", "hello-x1", new OutputEvent.Chunk(1, 1, Stream.stdout, 0, bytes("line-1\n")));
            runner.flush(Duration.ofSeconds(5));
            Thread.sleep(200);
            printer.follow("hello-x1", null);
            publish("ops", "other-9", new OutputEvent.Chunk(1, 1, Stream.stdout, 0, bytes("not mine\n")));
            publish("ops", "hello-x1", new OutputEvent.Chunk(1, 2, Stream.stderr, 0, bytes("warning\n")));
            publish("ops", "hello-x1", new OutputEvent.Chunk(1, 3, Stream.stdout, 7, bytes("line-2\n")));
            waitFor("line-2");
            assertThat(out).hasToString("line-1\nline-2\n");
            assertThat(err).hasToString("warning\n");

            publish("ops", "hello-x1", new OutputEvent.End(1, 4, 14, 8, 0));
            assertThat(printer.streamed().awaitEnd("hello-x1", 1, Duration.ofSeconds(10), Duration.ZERO))
                    .isTrue();
            ExecutionStatus status = new ExecutionStatus();
            status.result = shellResult("line-1\nline-2", "warning");
            StringBuilder notes = new StringBuilder();
            StringWriter printed = new StringWriter();
            ExecutionView.result(
                    new PrintWriter(printed, true),
                    status,
                    printer.streamed().unstreamed("hello-x1", 1, status.result, notes));
            assertThat(printed.toString())
                    .doesNotContain("line-")
                    .doesNotContain("warning")
                    .contains("return_code: 0");
            assertThat(notes).isEmpty();
        }
        assertThat(out.toString()).doesNotContain("not mine");
    }

    @Test
    void whenTheEndOfTheOutputDidNotArriveLiveTheResultShowsOnlyTheRest() throws Exception {
        try (LiveOutputPrinter printer = subscribe(server.url())) {
            printer.follow("cut-1", null);
            publish("ops", "cut-1", new OutputEvent.Chunk(1, 1, Stream.stdout, 0, bytes("line-1\nli")));
            publish("ops", "cut-1", new OutputEvent.Notice(1, 2, "[squall] more than 9 bytes of output"));
            publish("ops", "cut-1", new OutputEvent.End(1, 3, 21, 0, 0));
            waitFor("li");
            assertThat(printer.streamed().awaitEnd("cut-1", 1, Duration.ofSeconds(10), Duration.ZERO))
                    .isTrue();
            assertThat(out).hasToString("line-1\nli");
            assertThat(err.toString()).contains("more than 9 bytes");

            StringBuilder notes = new StringBuilder();
            JsonNode shown =
                    printer.streamed().unstreamed("cut-1", 1, shellResult("line-1\nline-2\nline-3", ""), notes);
            // the runner strips the last newline from the result's stdout; what follows "li" is printed once
            assertThat(shown.get("stdout").asText()).isEqualTo("ne-2\nline-3");
            assertThat(shown.has("stderr")).isFalse();
            assertThat(notes.toString()).contains("stopped after 9 of 21 bytes");
        }
    }

    @Test
    void aGapInTheMiddleLeavesTheResultsOutputWholeAndSaysSo() throws Exception {
        try (LiveOutputPrinter printer = subscribe(server.url())) {
            printer.follow("gap-1", null);
            publish("ops", "gap-1", new OutputEvent.Chunk(1, 1, Stream.stdout, 0, bytes("a\n")));
            publish("ops", "gap-1", new OutputEvent.Chunk(1, 3, Stream.stdout, 4, bytes("c\n")));
            publish("ops", "gap-1", new OutputEvent.End(1, 4, 6, 0, 1));
            waitFor("c\n");
            assertThat(out).hasToString("a\nc\n");
            assertThat(printer.streamed().awaitEnd("gap-1", 1, Duration.ofSeconds(10), Duration.ZERO))
                    .isTrue();

            StringBuilder notes = new StringBuilder();
            JsonNode result = shellResult("a\nb\nc", "");
            assertThat(printer.streamed()
                            .unstreamed("gap-1", 1, result, notes)
                            .get("stdout")
                            .asText())
                    .isEqualTo("a\nb\nc");
            assertThat(notes.toString()).contains("the live stdout was incomplete");
        }
    }

    @Test
    void aTasksLinesArePrefixedAndACharacterCutBetweenChunksPrintsWhole() throws Exception {
        byte[] e = bytes("é");
        try (LiveOutputPrinter printer = subscribe(server.url())) {
            printer.follow("flow-1", null);
            printer.follow("flow-1-build-0", "build");
            publish("ops", "flow-1-build-0", new OutputEvent.Chunk(1, 1, Stream.stdout, 0, new byte[] {
                'c', 'a', 'f', e[0]
            }));
            publish("ops", "flow-1-build-0", new OutputEvent.Chunk(1, 2, Stream.stdout, 4, new byte[] {
                e[1], '\n', 'o', 'k', '\n'
            }));
            waitFor("ok");
            assertThat(out).hasToString("[build] café\n[build] ok\n");
        }
    }

    @Test
    void withNothingOfTheExecutionArrivedTheWaitForItsEndIsOnlyTheQuietTime() throws Exception {
        try (LiveOutputPrinter printer = subscribe(server.url())) {
            printer.follow("flow-2", null);
            long start = System.nanoTime();
            assertThat(printer.streamed().awaitEnd("flow-2", 1, Duration.ofSeconds(30), Duration.ofMillis(100)))
                    .isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            JsonNode result = shellResult("x", "");
            assertThat(printer.streamed().unstreamed("flow-2", 1, result, new StringBuilder()))
                    .isEqualTo(result);
        }
    }

    @Test
    void withoutNatsOneLineSaysTheOutputComesWithTheResult() {
        assertThat(LiveOutputPrinter.subscribe(
                        options("nats://127.0.0.1:1"), "ops", outWriter, errWriter, outWriter, false))
                .isEmpty();
        assertThat(err.toString())
                .startsWith("[squall] no live output (cannot connect to NATS at nats://127.0.0.1:1")
                .endsWith("the output comes with the result\n");
        assertThat(err.toString().lines()).hasSize(1);
    }

    private void waitFor(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString().contains(text)) {
            assertThat(System.nanoTime())
                    .as("'" + text + "' not printed within 10 s: " + out)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private LiveOutputPrinter subscribe(String url) {
        return LiveOutputPrinter.subscribe(options(url), "ops", outWriter, errWriter, outWriter, false)
                .orElseThrow();
    }

    private static NatsOptions options(String url) {
        Options options = new Options();
        new CommandLine(options).parseArgs("--nats", url);
        return options.nats;
    }

    private static void publish(String namespace, String execution, OutputEvent event) {
        runner.publish(event.toMessage(Subjects.output(namespace, execution)));
    }

    private static JsonNode shellResult(String stdout, String stderr) {
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("succeeded", true)
                .put("failed", false)
                .put("return_code", 0)
                .put("stdout", stdout)
                .put("stderr", stderr);
        return result;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
