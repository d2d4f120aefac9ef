package io.squall.sensors.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.squall.api.v1alpha1.PollConfig;
import io.squall.local.NatsServer;
import io.squall.sensors.LeaderGate;
import io.squall.sensors.sdk.Sensor;
import io.squall.sensors.sdk.SensorContext;
import io.squall.sensors.sdk.TriggerDispatcher;
import io.squall.sensors.testing.TriggerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas of one poll sensor share a Lease: only the holder polls and emits; the other takes over. */
@EnableKubernetesMockClient(crud = true, https = false)
class PollLeaderTest {
    static KubernetesClient client;
    static NatsServer nats;

    @TempDir
    static Path dir;

    // A released Lease is taken at the next retry, so only the retry period sets the pace of the take-over; the
    // lease and renew durations stay long so that a busy machine never makes the leader miss a renewal.
    private static final LeaderGate.Timings FAST =
            new LeaderGate.Timings(Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofMillis(500));

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        TriggerStore.create(nats);
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    /** One replica: its own NATS connection, poll loop and Lease candidate, counting what it emits. */
    private static final class Replica implements AutoCloseable {
        final Sensor sensor;
        final PollSensor poll;
        final LeaderGate gate;
        final AtomicInteger emitted = new AtomicInteger();

        Replica(String pod, Path file) throws InterruptedException {
            sensor = Sensor.connect(SensorContext.from(Map.of(
                    SensorContext.SENSOR_NAME,
                    "alerts",
                    SensorContext.SENSOR_NAMESPACE,
                    "team-a",
                    SensorContext.NATS_URL,
                    nats.url(),
                    SensorContext.POD_NAME,
                    pod)));
            PollConfig config = new PollConfig();
            config.command = List.of("cat", file.toString());
            config.intervalSeconds = 1;
            TriggerDispatcher counting = event -> {
                sensor.dispatch(event);
                emitted.incrementAndGet();
            };
            poll = new PollSensor(
                    PollSettings.from(config),
                    "team-a",
                    "alerts",
                    new CommandDocumentSource(config.command, Duration.ofSeconds(10)),
                    new PollStateStore(sensor::keyValue, "team-a", "alerts"),
                    counting);
            gate = new LeaderGate(client, "team-a", LeaderGate.leaseName("alerts"), pod, FAST, poll);
        }

        @Override
        public void close() throws InterruptedException {
            gate.close();
            sensor.close();
        }
    }

    private static long stored() throws Exception {
        return TriggerStore.read(nats).stream()
                .filter(t -> t.event().source().equals("sensor/alerts"))
                .count();
    }

    /** True once a replica has recorded the item in the shared state (the record follows the emit). */
    private static boolean recorded(Replica replica, String itemKey) throws Exception {
        return new PollStateStore(replica.sensor::keyValue, "team-a", "alerts")
                        .seen(itemKey)
                        .revision()
                > 0;
    }

    private static String holder() {
        Lease lease = client.leases()
                .inNamespace("team-a")
                .withName("squall-sensor-alerts")
                .get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void onlyTheLeaseHolderEmitsAndTheOtherTakesOverWhenItLeaves() throws Exception {
        Path file = dir.resolve("alerts.json");
        Files.writeString(file, "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]");
        try (Replica a = new Replica("pod-a", file);
                Replica b = new Replica("pod-b", file)) {
            a.gate.start();
            await().atMost(Duration.ofSeconds(30)).until(a.gate::isLeader);
            b.gate.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 3);

            Files.writeString(file, "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}]");
            // the stream has a trigger once the dispatch returns; a's count and its record of item 4 follow it
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> stored() == 4 && a.emitted.get() == 4 && recorded(a, "4"));
            // b competed for the Lease all along (retry every 500ms) but never polled
            assertThat(holder()).isEqualTo("pod-a");
            assertThat(b.gate.isLeader()).isFalse();
            assertThat(b.poll.rounds()).isZero();
            assertThat(b.emitted).hasValue(0);
            assertThat(a.emitted).hasValue(4);

            a.gate.close(); // stops polling, then releases the Lease
            await().atMost(Duration.ofSeconds(30)).until(b.gate::isLeader);
            assertThat(holder()).isEqualTo("pod-b");
            long roundsOfA = a.poll.rounds();

            Files.writeString(file, "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}, {\"id\": 5}]");
            await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 5 && recorded(b, "5"));
            assertThat(b.emitted).hasValue(1); // the new leader knows 1-4 from the shared state
            assertThat(a.poll.rounds()).isEqualTo(roundsOfA);
            assertThat(a.emitted).hasValue(4);
        }
    }
}
