package io.squall.runner.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.runner.RunnerConfig;
import io.squall.runner.TestNats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to a real JetStream stream on a real nats-server. */
class NatsResultPublisherTest {
    private static NatsServer server;
    private static Connection observer;

    @BeforeAll
    static void startNats(@TempDir Path store) throws Exception {
        server = NatsServer.start(store);
        observer = TestNats.connect(server);
    }

    @AfterAll
    static void stopNats() throws Exception {
        observer.close();
        server.close();
    }

    @Test
    void publishesToTheResultStreamWithTheAttemptsMessageIdAndDropsADuplicate() throws Exception {
        ensureResultStream();
        ExecutionResult result = result("ops", "deploy-1", 2);
        NatsResultPublisher publisher = publisher(server.url(), Duration.ofSeconds(10));
        PublishAck first = publisher.publish(result);
        PublishAck again = publisher.publish(result);
        publisher.close();

        assertThat(first.getStream()).isEqualTo(Subjects.RESULT_STREAM);
        assertThat(first.isDuplicate()).isFalse();
        assertThat(again.isDuplicate()).isTrue();
        assertThat(again.getSeqno()).isEqualTo(first.getSeqno());

        JetStreamManagement jsm = observer.jetStreamManagement();
        MessageInfo stored = jsm.getLastMessage(Subjects.RESULT_STREAM, "squall.result.ops.deploy-1");
        assertThat(stored.getSeq()).isEqualTo(first.getSeqno());
        assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("result/ops/deploy-1/2");
        ExecutionResult decoded = Json.fromBytes(stored.getData(), ExecutionResult.class);
        assertThat(decoded.outcome()).isEqualTo(Outcome.succeeded);
        assertThat(decoded.result().get("succeeded").asBoolean()).isTrue();
        assertThat(jsm.getStreamInfo(Subjects.RESULT_STREAM).getStreamState().getSubjectCount())
                .isPositive();
        assertThat(countOnSubject(jsm, "squall.result.ops.deploy-1")).isEqualTo(1);
    }

    @Test
    void aResultLargerThanTheServersMaxPayloadOnceEscapedIsCutToFitAndPublished() throws Exception {
        ensureResultStream();
        // 256 KiB of output is within the runner's bound, but JSON-escaped it is 1.5 MB: over the 1 MiB default
        ExecutionResult huge = new ExecutionResult(
                "ops",
                "noisy",
                0,
                Outcome.failed,
                Json.mapper().valueToTree(Map.of("stdout", "\u0000".repeat(256 * 1024) + "tail", "return_code", 1)),
                "the command exited with code 1",
                Instant.now(),
                Instant.now());
        NatsResultPublisher publisher = publisher(server.url(), Duration.ofSeconds(10));
        publisher.publish(huge);
        publisher.close();

        MessageInfo stored =
                observer.jetStreamManagement().getLastMessage(Subjects.RESULT_STREAM, "squall.result.ops.noisy");
        ExecutionResult decoded = Json.fromBytes(stored.getData(), ExecutionResult.class);
        assertThat(decoded.outcome()).isEqualTo(Outcome.failed);
        assertThat(decoded.result().get("return_code").asInt()).isEqualTo(1);
        assertThat(decoded.result().get("stdout").asText()).endsWith("tail");
        assertThat(decoded.result().get("stdout_truncated_bytes").asLong()).isPositive();
    }

    @Test
    void aResultPublishedBeforeItsStreamExistsIsRetriedUntilTheStreamAppears(@TempDir Path store) throws Exception {
        try (NatsServer fresh = NatsServer.start(store);
                Connection admin = TestNats.connect(fresh)) {
            NatsResultPublisher publisher = publisher(fresh.url(), Duration.ofSeconds(30));
            CompletableFuture<PublishAck> publishing = CompletableFuture.supplyAsync(() -> {
                try {
                    return publisher.publish(result("ops", "early", 0));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // the operator creates the stream a little later
            Thread.sleep(700);
            assertThat(publishing).isNotDone();
            TestNats.createResultStream(admin);
            PublishAck ack = publishing.get();
            publisher.close();
            assertThat(ack.getStream()).isEqualTo(Subjects.RESULT_STREAM);
            assertThat(admin.jetStreamManagement()
                            .getLastMessage(Subjects.RESULT_STREAM, "squall.result.ops.early")
                            .getHeaders()
                            .getFirst("Nats-Msg-Id"))
                    .isEqualTo("result/ops/early/0");
        }
    }

    @Test
    void aResultPublishedWhileTheServerRestartsIsDeliveredAfterIt(@TempDir Path store) throws Exception {
        NatsServer first = NatsServer.start(store);
        int port = first.port();
        try (Connection admin = TestNats.connect(first)) {
            TestNats.createResultStream(admin);
        }
        NatsResultPublisher publisher = publisher(first.url(), Duration.ofSeconds(60));
        publisher.publish(result("ops", "before-blip", 0)); // connected and working

        first.close();
        CompletableFuture<PublishAck> publishing = CompletableFuture.supplyAsync(() -> {
            try {
                return publisher.publish(result("ops", "during-blip", 0));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1000);
        assertThat(publishing).isNotDone();
        // the same server comes back on the same port with the same store (a pod restart)
        try (NatsServer second = NatsServer.start(store, port);
                Connection admin = TestNats.connect(second)) {
            PublishAck ack = publishing.get();
            publisher.close();
            assertThat(ack.getStream()).isEqualTo(Subjects.RESULT_STREAM);
            MessageInfo stored =
                    admin.jetStreamManagement().getLastMessage(Subjects.RESULT_STREAM, "squall.result.ops.during-blip");
            assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("result/ops/during-blip/0");
        }
    }

    @Test
    void withoutAServerThePublishGivesUpAfterItsBudget() {
        NatsResultPublisher publisher = publisher("nats://127.0.0.1:1", Duration.ofSeconds(1));
        assertThatThrownBy(() -> publisher.publish(result("ops", "lost", 0)))
                .isInstanceOf(ResultNotDeliveredException.class)
                .hasMessageStartingWith("result of result/ops/lost/0 not published after")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsCarryTheConfiguredCredentials() {
        RunnerConfig config = RunnerConfig.from(
                Map.of(
                        "SQUALL_NATS_URL",
                        "nats://nats.squall:4222",
                        "SQUALL_NATS_USER",
                        "runner",
                        "SQUALL_NATS_PASSWORD",
                        "pw"),
                new String[0]);
        Options options = NatsOptionsFactory.from(config, "squall-runner test");
        assertThat(options.getServers()).extracting(Object::toString).containsExactly("nats://nats.squall:4222");
        assertThat(new String(options.getUsernameChars())).isEqualTo("runner");
        assertThat(new String(options.getPasswordChars())).isEqualTo("pw");
        Options token = NatsOptionsFactory.from(
                RunnerConfig.from(
                        Map.of("SQUALL_NATS_URL", "nats://n:4222", "SQUALL_NATS_TOKEN", "tok"), new String[0]),
                "x");
        assertThat(new String(token.getTokenChars())).isEqualTo("tok");
    }

    private static void ensureResultStream() throws Exception {
        if (!observer.jetStreamManagement().getStreamNames().contains(Subjects.RESULT_STREAM)) {
            TestNats.createResultStream(observer);
        }
    }

    private static long countOnSubject(JetStreamManagement jsm, String subject) throws Exception {
        return Optional.ofNullable(jsm.getStreamInfo(
                                Subjects.RESULT_STREAM, io.nats.client.api.StreamInfoOptions.filterSubjects(subject))
                        .getStreamState()
                        .getSubjects())
                .map(list -> list.stream()
                        .filter(s -> s.getName().equals(subject))
                        .mapToLong(s -> s.getCount())
                        .sum())
                .orElse(0L);
    }

    private static NatsResultPublisher publisher(String url, Duration budget) {
        RunnerConfig config = RunnerConfig.from(Map.of("SQUALL_NATS_URL", url), new String[0]);
        return NatsResultPublisher.connectInBackground(() -> NatsOptionsFactory.from(config, "test"), budget);
    }

    private static ExecutionResult result(String namespace, String execution, int attempt) {
        return new ExecutionResult(
                namespace,
                execution,
                attempt,
                Outcome.succeeded,
                Json.mapper().valueToTree(Map.of("succeeded", true)),
                null,
                Instant.now(),
                Instant.now());
    }
}
