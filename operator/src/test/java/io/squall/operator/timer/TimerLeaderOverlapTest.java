package io.squall.operator.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfoOptions;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.local.NatsServer;
import io.squall.operator.nats.StreamProvisioner;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.TestConfigs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;

/**
 * Two replicas that both believe they lead (a Lease hand-over overlaps) fire the same slots with the same trigger
 * ids into a real JetStream: the stream keeps one trigger per slot (duplicate window), so the rules engine sees
 * each fire once.
 */
@ExtendWith(NatsServerExtension.class)
class TimerLeaderOverlapTest {

    /** Long enough that the hand-over (a fire, a test poll, a new Quartz) stays within it on a busy machine. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    /** Publishes through the api's TriggerPublisher and keeps what JetStream answered. */
    private record Recording(TriggerPublisher publisher, List<TriggerEvent> events, List<PublishAck> acks)
            implements TimerScheduler.Publisher {
        Recording(Connection connection) throws java.io.IOException {
            this(
                    new TriggerPublisher(connection.jetStream()),
                    new CopyOnWriteArrayList<>(),
                    new CopyOnWriteArrayList<>());
        }

        @Override
        public void publish(TriggerEvent event) throws java.io.IOException, io.nats.client.JetStreamApiException {
            acks.add(publisher.publish(event));
            events.add(event);
        }
    }

    private static Connection connect(NatsServer nats) throws Exception {
        Connection connection = Nats.connect(nats.url());
        new StreamProvisioner(
                        TestConfigs.squall(Map.of()).jetstream(),
                        TestConfigs.squall(Map.of()).datastore())
                .provision(connection);
        return connection;
    }

    private static long stored(Connection connection, String subject) throws Exception {
        var state = connection
                .jetStreamManagement()
                .getStreamInfo(Subjects.TRIGGER_STREAM, StreamInfoOptions.filterSubjects(subject))
                .getStreamState();
        return state.getSubjects().stream()
                .filter(s -> s.getName().equals(subject))
                .mapToLong(s -> s.getCount())
                .sum();
    }

    private static TimerScheduler.Timer timer(String namespace, Instant created, int seconds) {
        Map<String, JsonNode> params = Map.of("unit", TextNode.valueOf("seconds"), "delta", IntNode.valueOf(seconds));
        return new TimerScheduler.Timer(
                new TimerKey(namespace, "tick", "uid-tick"),
                "core.timer.interval",
                params,
                TimerSchedules.parse("core.timer.interval", params, created),
                created);
    }

    @Test
    void twoLeadersFiringTheSameSlotsStoreEachSlotOnce(NatsServer nats) throws Exception {
        Scheduler quartzA = TimerSchedulerTest.quartz("a-" + UUID.randomUUID());
        Scheduler quartzB = TimerSchedulerTest.quartz("b-" + UUID.randomUUID());
        try (Connection connection = connect(nats)) {
            Recording a = new Recording(connection);
            Recording b = new Recording(connection);
            TimerScheduler.Timer timer = timer("overlap", Instant.now().truncatedTo(ChronoUnit.SECONDS), 1);
            new TimerScheduler(quartzA, a, Clock.systemUTC(), GRACE).schedule(timer);
            new TimerScheduler(quartzB, b, Clock.systemUTC(), GRACE).schedule(timer);
            quartzA.start();
            quartzB.start();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> a.acks().stream().anyMatch(PublishAck::isDuplicate)
                            || b.acks().stream().anyMatch(PublishAck::isDuplicate));
            quartzA.standby();
            quartzB.standby();
            // wait for fires in flight to finish
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> quartzA.getCurrentlyExecutingJobs().isEmpty()
                            && quartzB.getCurrentlyExecutingJobs().isEmpty());

            Set<String> ids = new HashSet<>();
            a.events().forEach(e -> ids.add(e.id()));
            b.events().forEach(e -> ids.add(e.id()));
            assertThat(a.events().size() + b.events().size()).isGreaterThan(ids.size());
            assertThat(stored(connection, "squall.trigger.overlap.core.timer.interval"))
                    .isEqualTo(ids.size());
        } finally {
            quartzA.shutdown(true);
            quartzB.shutdown(true);
        }
    }

    @Test
    void aNewLeaderFiresTheDueSlotAgainAndTheStreamDropsItWhenTheOldLeaderHadStoredIt(NatsServer nats)
            throws Exception {
        Scheduler quartzA = TimerSchedulerTest.quartz("old-" + UUID.randomUUID());
        Scheduler quartzB = TimerSchedulerTest.quartz("new-" + UUID.randomUUID());
        try (Connection connection = connect(nats)) {
            Recording oldLeader = new Recording(connection);
            Recording newLeader = new Recording(connection);
            // every 30 s, first slot 1 s from now
            Instant created = Instant.now().minusSeconds(29).truncatedTo(ChronoUnit.MILLIS);
            TimerScheduler.Timer timer = timer("handover", created, 30);
            TimerScheduler a = new TimerScheduler(quartzA, oldLeader, Clock.systemUTC(), GRACE);
            a.schedule(timer);
            quartzA.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> oldLeader.events().size() == 1);
            a.unscheduleAll(); // the old leader loses the Lease right after its fire

            // the new leader takes over within grace of that slot and fires it once, at once
            new TimerScheduler(quartzB, newLeader, Clock.systemUTC(), GRACE).schedule(timer);
            quartzB.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> newLeader.events().size() == 1);

            assertThat(newLeader.events().get(0).id())
                    .isEqualTo(oldLeader.events().get(0).id());
            assertThat(newLeader.acks().get(0).isDuplicate()).isTrue();
            assertThat(stored(connection, "squall.trigger.handover.core.timer.interval"))
                    .isEqualTo(1);
        } finally {
            quartzA.shutdown(true);
            quartzB.shutdown(true);
        }
    }
}
