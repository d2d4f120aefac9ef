package io.squall.operator.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.operator.nats.StreamProvisioner;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.TestConfigs;
import io.squall.operator.trigger.TriggerConsumer.Disposition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The durable trigger consumer on a real nats-server: ack only when done, retry, bounded parallelism, stop/start. */
@ExtendWith(NatsServerExtension.class)
class TriggerConsumerTest {

    private static final TriggerConsumer.Settings SETTINGS =
            new TriggerConsumer.Settings(10, 3, Duration.ofSeconds(30), Duration.ofMillis(200));

    private Connection connection;
    private JetStreamManagement jsm;

    @BeforeEach
    void provision(NatsServer nats) throws Exception {
        connection = Nats.connect(nats.url());
        var config = TestConfigs.squall(Map.of());
        new StreamProvisioner(config.jetstream(), config.datastore()).provision(connection);
        jsm = connection.jetStreamManagement();
        jsm.purgeStream(Subjects.TRIGGER_STREAM);
        for (String consumer : jsm.getConsumerNames(Subjects.TRIGGER_STREAM)) {
            jsm.deleteConsumer(Subjects.TRIGGER_STREAM, consumer);
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private void publish(String namespace, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            connection
                    .jetStream()
                    .publish(
                            Subjects.trigger(namespace, "core.webhook"),
                            (namespace + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private ConsumerInfo info(String durable) throws Exception {
        return jsm.getConsumerInfo(Subjects.TRIGGER_STREAM, durable);
    }

    private static String body(Message message) {
        return new String(message.getData(), StandardCharsets.UTF_8);
    }

    @Test
    void everyTriggerIsHandledAndAcknowledgedWithBoundedParallelism() throws Exception {
        publish("a", 60);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        // the first two triggers wait for each other: they can only both get past this if they run at once
        CountDownLatch firstTwo = new CountDownLatch(2);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        TriggerConsumer consumer = new TriggerConsumer(connection, List.of(), SETTINGS, message -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                firstTwo.countDown();
                firstTwo.await(20, TimeUnit.SECONDS); // below the ack wait: no redelivery if they never meet
                Thread.sleep(5); // long enough for the workers to overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.add(body(message));
            inFlight.decrementAndGet();
            return Disposition.ACK;
        });
        consumer.start();
        try {
            await().atMost(Kube.WAIT).until(() -> consumer.acknowledged() == 60);
            assertThat(handled).hasSize(60);
            assertThat(mostInFlight.get()).isBetween(2, SETTINGS.maxConcurrency());
            // an ack is sent without waiting; the server processes it apart from the consumer info request
            ConsumerInfo info = await().atMost(Kube.WAIT)
                    .until(
                            () -> info(Subjects.RULES_ENGINE_CONSUMER),
                            i -> i.getNumPending() == 0 && i.getNumAckPending() == 0);
            assertThat(info.getConsumerConfiguration().getFilterSubject()).isEqualTo(Subjects.triggerWildcard());
        } finally {
            consumer.stop();
        }
    }

    @Test
    void aTriggerHandedBackForRetryIsDeliveredAgainUntilDone() throws Exception {
        publish("a", 1);
        AtomicInteger attempts = new AtomicInteger();
        TriggerConsumer consumer = new TriggerConsumer(
                connection,
                List.of(),
                SETTINGS,
                message -> attempts.incrementAndGet() < 3 ? Disposition.RETRY : Disposition.ACK);
        consumer.start();
        try {
            await().atMost(Kube.WAIT).until(() -> consumer.acknowledged() == 1);
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(consumer.retried()).isEqualTo(2);
        } finally {
            consumer.stop();
        }
    }

    @Test
    void aHandlerFailureIsRetriedNotAcknowledged() throws Exception {
        publish("a", 1);
        AtomicInteger attempts = new AtomicInteger();
        TriggerConsumer consumer = new TriggerConsumer(connection, List.of(), SETTINGS, message -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            return Disposition.ACK;
        });
        consumer.start();
        try {
            await().atMost(Kube.WAIT).until(() -> consumer.acknowledged() == 1);
            assertThat(attempts.get()).isEqualTo(2);
        } finally {
            consumer.stop();
        }
    }

    @Test
    void stopHandsBackWhatWasNotProcessedAndStartResumes() throws Exception {
        publish("a", 40);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        // an ack wait far beyond the test's patience: what was pulled must come back because it was handed back
        var settings = new TriggerConsumer.Settings(10, 3, Duration.ofMinutes(10), Duration.ofMillis(200));
        TriggerConsumer consumer = new TriggerConsumer(connection, List.of(), settings, message -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled.computeIfAbsent(body(message), k -> new AtomicInteger()).incrementAndGet();
            return Disposition.ACK;
        });
        consumer.start();
        // three triggers are being processed, more are pulled and waiting
        await().atMost(Kube.WAIT)
                .until(() -> info(Subjects.RULES_ENGINE_CONSUMER).getNumAckPending() > 3);
        Thread stopper = new Thread(consumer::stop);
        stopper.start();
        // released only once stopping has begun: released earlier, all 40 could be done before the stop
        await().atMost(Kube.WAIT).until(() -> !consumer.isRunning());
        release.countDown();
        stopper.join();
        assertThat(consumer.isRunning()).isFalse();
        assertThat(consumer.acknowledged()).isLessThan(40);

        consumer.start();
        try {
            await().atMost(Kube.WAIT).until(() -> consumer.acknowledged() == 40);
            assertThat(handled).hasSize(40);
            assertThat(handled.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        } finally {
            consumer.stop();
        }
    }

    @Test
    void twoReplicasShareTheDurableAndEachTriggerIsHandledOnce() throws Exception {
        publish("a", 100);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        Map<String, Set<String>> byReplica = new ConcurrentHashMap<>();
        // each replica's triggers wait until the other replica has one too, so neither empties the stream alone
        // however late the other starts pulling (bounded below the ack wait: no redelivery if it never does)
        Map<String, CountDownLatch> gotOne =
                Map.of("replica-1", new CountDownLatch(1), "replica-2", new CountDownLatch(1));
        List<TriggerConsumer> replicas = new java.util.ArrayList<>();
        for (String replica : List.of("replica-1", "replica-2")) {
            String other = replica.equals("replica-1") ? "replica-2" : "replica-1";
            replicas.add(new TriggerConsumer(connection, List.of(), SETTINGS, message -> {
                try {
                    gotOne.get(replica).countDown();
                    gotOne.get(other).await(20, TimeUnit.SECONDS);
                    Thread.sleep(5); // slow enough that one replica alone does not empty the stream at once
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                handled.computeIfAbsent(body(message), k -> new AtomicInteger()).incrementAndGet();
                byReplica
                        .computeIfAbsent(replica, k -> ConcurrentHashMap.newKeySet())
                        .add(body(message));
                return Disposition.ACK;
            }));
        }
        for (TriggerConsumer replica : replicas) {
            replica.start();
        }
        try {
            await().atMost(Kube.WAIT).until(() -> handled.size() == 100);
            await().atMost(Kube.WAIT)
                    .until(() -> info(Subjects.RULES_ENGINE_CONSUMER).getNumAckPending() == 0);
            assertThat(handled.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(byReplica).containsOnlyKeys("replica-1", "replica-2");
            assertThat(byReplica.values()).allSatisfy(share -> assertThat(share).isNotEmpty());
        } finally {
            replicas.forEach(TriggerConsumer::stop);
        }
    }

    @Test
    void pullingResumesWhenNatsComesBackWithoutItsStore() throws Exception {
        int port = NatsServer.freePort();
        var config = TestConfigs.squall(Map.of());
        StreamProvisioner provisioner = new StreamProvisioner(config.jetstream(), config.datastore());
        NatsServer first = NatsServer.start(port);
        boolean firstRunning = true;
        try (Connection reconnecting = Nats.connect(new Options.Builder()
                .server(first.url())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(200))
                .build())) {
            provisioner.provision(reconnecting);
            Set<String> handled = ConcurrentHashMap.newKeySet();
            TriggerConsumer consumer = new TriggerConsumer(reconnecting, List.of(), SETTINGS, message -> {
                handled.add(body(message));
                return Disposition.ACK;
            });
            consumer.start();
            try {
                reconnecting.jetStream().publish(Subjects.trigger("a", "core.webhook"), "before".getBytes());
                await().atMost(Kube.WAIT).until(() -> handled.contains("before"));

                first.close();
                firstRunning = false;
                try (NatsServer second = NatsServer.start(port)) {
                    await().atMost(Kube.WAIT).until(() -> reconnecting.getStatus() == Connection.Status.CONNECTED);
                    // what the operator's NatsConnector does after every reconnect
                    provisioner.provision(reconnecting);
                    reconnecting.jetStream().publish(Subjects.trigger("a", "core.webhook"), "after".getBytes());
                    await().atMost(Kube.WAIT).until(() -> handled.contains("after"));
                    assertThat(consumer.isRunning()).isTrue();
                }
            } finally {
                consumer.stop();
            }
        } finally {
            if (firstRunning) {
                first.close();
            }
        }
    }

    @Test
    void watchedNamespacesGetOneDurableEachAndOnlyTheirTriggers() throws Exception {
        publish("a", 5);
        publish("b", 5);
        publish("c", 5);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        TriggerConsumer consumer = new TriggerConsumer(connection, List.of("a", "b"), SETTINGS, message -> {
            handled.add(body(message));
            return Disposition.ACK;
        });
        assertThat(consumer.consumerConfigurations())
                .extracting(c -> c.getDurable())
                .containsExactly(Subjects.RULES_ENGINE_CONSUMER + "-a", Subjects.RULES_ENGINE_CONSUMER + "-b");
        consumer.start();
        try {
            await().atMost(Kube.WAIT).until(() -> consumer.acknowledged() == 10);
            assertThat(handled)
                    .allMatch(body -> body.startsWith("a-") || body.startsWith("b-"))
                    .hasSize(10);
            assertThat(info(Subjects.RULES_ENGINE_CONSUMER + "-b")
                            .getConsumerConfiguration()
                            .getFilterSubject())
                    .isEqualTo("squall.trigger.b.>");
        } finally {
            consumer.stop();
        }
    }
}
