package io.squall.operator.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.operator.nats.PullConsumerLoop.Outcome;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.TestConfigs;
import io.squall.operator.trigger.DeadLetterPublisher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared pull-consumer loop on a real nats-server, on a durable of its own per test. */
@ExtendWith(NatsServerExtension.class)
class PullConsumerLoopTest {

    private static final Duration RETRY_DELAY = Duration.ofMillis(700);
    private static final PullConsumerLoop.Settings SETTINGS = new PullConsumerLoop.Settings(
            10, 3, 3, Duration.ofSeconds(1), RETRY_DELAY, Duration.ofSeconds(30), Duration.ofMillis(50));

    private Connection connection;
    private JetStreamManagement jsm;
    private String durable;
    private String namespace;
    private PullConsumerLoop loop;

    @BeforeEach
    void provision(NatsServer nats, TestInfo test) throws Exception {
        connection = Nats.connect(nats.url());
        var config = TestConfigs.squall(Map.of());
        new StreamProvisioner(config.jetstream(), config.datastore()).provision(connection);
        jsm = connection.jetStreamManagement();
        namespace = "loop-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
        durable = "test-" + namespace;
    }

    @AfterEach
    void close() throws Exception {
        if (loop != null) {
            loop.stop();
        }
        connection.close();
    }

    private PullConsumerLoop.Durable durable(Duration ackWait) {
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(Subjects.TRIGGER_PREFIX + "." + namespace + ".>")
                .deliverPolicy(DeliverPolicy.All)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .maxDeliver(-1)
                .build();
        return new PullConsumerLoop.Durable(
                durable,
                () -> Optional.of(
                        connection.getStreamContext(Subjects.TRIGGER_STREAM).createOrUpdateConsumer(configuration)));
    }

    private PullConsumerLoop start(
            PullConsumerLoop.Settings settings, Duration ackWait, PullConsumerLoop.Handler handler) throws IOException {
        loop = new PullConsumerLoop(
                "test",
                List.of(durable(ackWait)),
                settings,
                handler,
                new DeadLetterPublisher(connection.jetStream(), "test")::publish);
        loop.start();
        return loop;
    }

    private PullConsumerLoop start(PullConsumerLoop.Handler handler) throws IOException {
        return start(SETTINGS, Duration.ofSeconds(30), handler);
    }

    private void publish(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            connection
                    .jetStream()
                    .publish(Subjects.trigger(namespace, "core.webhook"), ("m-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private ConsumerInfo info() throws Exception {
        return jsm.getConsumerInfo(Subjects.TRIGGER_STREAM, durable);
    }

    private static String body(Message message) {
        return new String(message.getData(), StandardCharsets.UTF_8);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aMessageIsAcknowledgedOnlyAfterItsWork() throws Exception {
        publish(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        start(message -> {
            started.countDown();
            awaitLatch(finish);
            return Outcome.ACK;
        });
        started.await(Kube.WAIT.toSeconds(), TimeUnit.SECONDS);
        // working on it: delivered, not acknowledged
        assertThat(info().getNumAckPending()).isEqualTo(1);
        assertThat(loop.acknowledged()).isZero();

        finish.countDown();
        await().atMost(Kube.WAIT).until(() -> loop.acknowledged() == 1);
        await().atMost(Kube.WAIT).until(() -> info().getNumAckPending() == 0);
        assertThat(info().getRedelivered()).isZero();
    }

    @Test
    void aRetryableFailureIsDeliveredAgainAfterTheRetryDelay() throws Exception {
        publish(1);
        List<Long> deliveredAt = new CopyOnWriteArrayList<>();
        start(message -> {
            deliveredAt.add(System.nanoTime());
            return deliveredAt.size() < 3 ? Outcome.RETRY : Outcome.ACK;
        });
        await().atMost(Kube.WAIT).until(() -> loop.acknowledged() == 1);
        assertThat(deliveredAt).hasSize(3);
        assertThat(loop.retried()).isEqualTo(2);
        for (int i = 1; i < deliveredAt.size(); i++) {
            // nak'ed with the delay, not handed back at once (the ack wait, 30s, is far longer)
            assertThat(Duration.ofNanos(deliveredAt.get(i) - deliveredAt.get(i - 1)))
                    .isGreaterThanOrEqualTo(RETRY_DELAY.minusMillis(50))
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aHandlerExceptionIsRetriedNotAcknowledged() throws Exception {
        publish(1);
        AtomicInteger attempts = new AtomicInteger();
        start(message -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return Outcome.ACK;
        });
        await().atMost(Kube.WAIT).until(() -> loop.acknowledged() == 1);
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(loop.retried()).isEqualTo(1);
    }

    @Test
    void aPoisonMessageIsDeadLetteredWithItsHeadersAndAcknowledged() throws Exception {
        publish(2);
        start(message -> body(message).equals("m-0") ? Outcome.deadLetter("not a test message:\nm-0") : Outcome.ACK);
        await().atMost(Kube.WAIT).until(() -> loop.acknowledged() == 2);
        assertThat(loop.deadLettered()).isEqualTo(1);
        await().atMost(Kube.WAIT).until(() -> info().getNumAckPending() == 0);

        var letter = jsm.getLastMessage(Subjects.DEAD_LETTER_STREAM, Subjects.deadLetter("test"));
        assertThat(new String(letter.getData(), StandardCharsets.UTF_8)).isEqualTo("m-0");
        assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ERROR_HEADER))
                .isEqualTo("not a test message: m-0");
        assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ORIGINAL_SUBJECT_HEADER))
                .isEqualTo(Subjects.trigger(namespace, "core.webhook"));
        assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ORIGINAL_STREAM_HEADER))
                .isEqualTo(Subjects.TRIGGER_STREAM);
        assertThat(letter.getHeaders().getFirst(DeadLetterPublisher.ORIGINAL_SEQUENCE_HEADER))
                .isNotBlank();
    }

    @Test
    void aDeadLetterThatCannotBeStoredLeavesTheMessageForARetry() throws Exception {
        publish(1);
        AtomicInteger stores = new AtomicInteger();
        DeadLetterPublisher publisher = new DeadLetterPublisher(connection.jetStream(), "test-unstored");
        loop = new PullConsumerLoop(
                "test",
                List.of(durable(Duration.ofSeconds(30))),
                SETTINGS,
                message -> Outcome.deadLetter("poison"),
                (message, reason) -> {
                    if (stores.incrementAndGet() == 1) {
                        throw new IOException("dead-letter stream unavailable");
                    }
                    publisher.publish(message, reason);
                });
        loop.start();
        await().atMost(Kube.WAIT).until(() -> loop.deadLettered() == 1);
        assertThat(stores.get()).isEqualTo(2);
        assertThat(loop.retried()).isEqualTo(1);
        assertThat(loop.acknowledged()).isEqualTo(1);
        var letter = jsm.getLastMessage(Subjects.DEAD_LETTER_STREAM, Subjects.deadLetter("test-unstored"));
        assertThat(new String(letter.getData(), StandardCharsets.UTF_8)).isEqualTo("m-0");
    }

    @Test
    void noMoreThanTheWorkersRunAtOnce() throws Exception {
        publish(30);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        // the first three wait for each other: they can only all get past this if three run at once
        CountDownLatch firstThree = new CountDownLatch(3);
        start(message -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            firstThree.countDown();
            awaitLatch(firstThree);
            try {
                Thread.sleep(5); // long enough for the workers to overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Outcome.ACK;
        });
        await().atMost(Kube.WAIT).until(() -> loop.acknowledged() == 30);
        assertThat(mostInFlight.get()).isEqualTo(SETTINGS.workers());
    }

    @Test
    void stopFinishesTheWorkInHandAndHandsBackTheRest() throws Exception {
        publish(20);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        // an ack wait far beyond the test's patience: what comes back came back because it was handed back
        AtomicInteger started = new AtomicInteger();
        start(SETTINGS, Duration.ofMinutes(10), message -> {
            started.incrementAndGet();
            awaitLatch(release);
            handled.computeIfAbsent(body(message), k -> new AtomicInteger()).incrementAndGet();
            return Outcome.ACK;
        });
        // three are being processed, more are pulled and waiting
        await().atMost(Kube.WAIT).until(() -> started.get() == SETTINGS.workers() && info().getNumAckPending() > 3);
        Thread stopper = new Thread(loop::stop);
        stopper.start();
        await().atMost(Kube.WAIT).until(() -> !loop.isRunning());
        release.countDown();
        stopper.join();
        // the three in hand were finished and acknowledged before stop returned
        assertThat(loop.acknowledged()).isEqualTo(SETTINGS.workers());
        assertThat(handled).hasSize(SETTINGS.workers());

        // the rest was handed back: with a 10-minute ack wait, nothing else would bring it back in time
        loop.start();
        await().atMost(Kube.WAIT).until(() -> loop.acknowledged() == 20);
        assertThat(handled).hasSize(20);
        assertThat(handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }

    @Test
    void aDurableNotReadyYetIsAskedForAgainUntilItIs() throws Exception {
        publish(1);
        AtomicInteger asked = new AtomicInteger();
        PullConsumerLoop.Durable real = durable(Duration.ofSeconds(30));
        loop = new PullConsumerLoop(
                "test",
                List.of(new PullConsumerLoop.Durable(
                        durable,
                        () -> asked.incrementAndGet() < 4
                                ? Optional.<ConsumerContext>empty()
                                : real.opener().open())),
                SETTINGS,
                message -> Outcome.ACK,
                new DeadLetterPublisher(connection.jetStream(), "test")::publish);
        loop.start();
        await().atMost(Kube.WAIT).until(() -> loop.acknowledged() == 1);
        assertThat(asked.get()).isEqualTo(4);
    }
}
