package io.squall.sensors.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.squall.api.messages.Subjects;
import io.squall.api.v1alpha1.PollConfig;
import io.squall.local.NatsServer;
import io.squall.sensors.sdk.Sensor;
import io.squall.sensors.sdk.SensorContext;
import io.squall.sensors.testing.TriggerStore;
import io.squall.sensors.testing.TriggerStore.StoredTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poll sensor against a real nats-server: triggers in SQUALL_TRIGGERS, state in the squall-kv bucket. */
class PollSensorTest {
    @TempDir
    static Path dir;

    static NatsServer nats;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        TriggerStore.create(nats);
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    private static Sensor connect(String name) throws InterruptedException {
        return Sensor.connect(SensorContext.from(Map.of(
                SensorContext.SENSOR_NAME,
                name,
                SensorContext.SENSOR_NAMESPACE,
                "team-a",
                SensorContext.SENSOR_TYPE,
                "poll",
                SensorContext.NATS_URL,
                nats.url())));
    }

    private static PollSensor pollSensor(String name, Path file, Sensor sensor, PollStateStore.BucketOpener bucket) {
        PollConfig config = new PollConfig();
        config.command = List.of("cat", file.toString());
        config.itemsPath = "tickets";
        config.triggerType = "helpdesk.ticket";
        return new PollSensor(
                PollSettings.from(config),
                "team-a",
                name,
                new CommandDocumentSource(config.command, Duration.ofSeconds(10)),
                new PollStateStore(bucket, "team-a", name),
                sensor);
    }

    private static List<StoredTrigger> triggersOf(String name) throws Exception {
        return TriggerStore.read(nats).stream()
                .filter(t -> t.event().source().equals("sensor/" + name))
                .toList();
    }

    @Test
    void emitsNewAndChangedItemsOnceAndNothingAfterARestart() throws Exception {
        Path file = dir.resolve("tickets.json");
        Files.writeString(
                file,
                "{\"tickets\": [{\"id\": 1, \"title\": \"disk full\", \"tags\": {\"a\": 1, \"b\": 2}},"
                        + " {\"id\": 2, \"title\": \"cpu high\"}]}");
        try (Sensor sensor = connect("tickets")) {
            PollSensor poll = pollSensor("tickets", file, sensor, sensor::keyValue);

            PollSensor.Round first = poll.pollOnce();
            assertThat(first.added()).isEqualTo(2);
            List<StoredTrigger> stored = triggersOf("tickets");
            assertThat(stored).hasSize(2);
            StoredTrigger one = stored.get(0);
            assertThat(one.subject()).isEqualTo("squall.trigger.team-a.helpdesk.ticket");
            assertThat(one.msgId()).isEqualTo(one.event().id());
            assertThat(one.event().payload().get("key").asText()).isEqualTo("1");
            assertThat(one.event().payload().get("change").asText()).isEqualTo("new");
            assertThat(one.event().payload().at("/item/title").asText()).isEqualTo("disk full");

            assertThat(poll.pollOnce().emitted()).isZero();
            assertThat(triggersOf("tickets")).hasSize(2);

            // 1: same content, keys reordered; 2: changed; 3: new
            Files.writeString(
                    file,
                    "{\"tickets\": [{\"tags\": {\"b\": 2, \"a\": 1}, \"title\": \"disk full\", \"id\": 1},"
                            + " {\"id\": 2, \"title\": \"cpu very high\"}, {\"id\": 3, \"title\": \"oom\"}]}");
            PollSensor.Round third = poll.pollOnce();
            assertThat(third.changed()).isEqualTo(1);
            assertThat(third.added()).isEqualTo(1);
            List<StoredTrigger> after = triggersOf("tickets");
            assertThat(after).hasSize(4);
            assertThat(after.get(2).event().payload().get("change").asText()).isEqualTo("changed");
            assertThat(after.get(2).event().payload().at("/item/title").asText())
                    .isEqualTo("cpu very high");
            assertThat(after.get(3).event().payload().get("key").asText()).isEqualTo("3");
        }

        // a new process with the same bucket remembers everything
        try (Sensor restarted = connect("tickets")) {
            assertThat(pollSensor("tickets", file, restarted, restarted::keyValue)
                            .pollOnce()
                            .emitted())
                    .isZero();
            assertThat(triggersOf("tickets")).hasSize(4);
        }
    }

    @Test
    void changingBackToAnEarlierContentIsEmittedAgain() throws Exception {
        Path file = dir.resolve("flip.json");
        String red = "{\"tickets\": [{\"id\": \"a\", \"state\": \"red\"}]}";
        try (Sensor sensor = connect("flip")) {
            PollSensor poll = pollSensor("flip", file, sensor, sensor::keyValue);
            Files.writeString(file, red);
            poll.pollOnce();
            Files.writeString(file, "{\"tickets\": [{\"id\": \"a\", \"state\": \"green\"}]}");
            poll.pollOnce();
            Files.writeString(file, red);
            assertThat(poll.pollOnce().changed()).isEqualTo(1);
            assertThat(triggersOf("flip"))
                    .extracting(t -> t.event().payload().at("/item/state").asText())
                    .containsExactly("red", "green", "red");
        }
    }

    @Test
    void aCrashBetweenPublishAndRecordOnlyRepublishesDuplicates() throws Exception {
        Path file = dir.resolve("crash.json");
        Files.writeString(file, "{\"tickets\": [{\"id\": 7, \"title\": \"a\"}, {\"id\": 8, \"title\": \"b\"}]}");
        try (Sensor sensor = connect("crashy");
                Connection connection = TriggerStore.connect(nats)) {
            // the first run records into a bucket that is then thrown away: as if it died before recording
            connection
                    .keyValueManagement()
                    .create(KeyValueConfiguration.builder().name("lost-state").build());
            KeyValue lost = connection.keyValue("lost-state");
            assertThat(pollSensor("crashy", file, sensor, () -> lost).pollOnce().added())
                    .isEqualTo(2);
            List<String> ids =
                    triggersOf("crashy").stream().map(t -> t.event().id()).toList();

            PollSensor.Round replay =
                    pollSensor("crashy", file, sensor, sensor::keyValue).pollOnce();
            assertThat(replay.added()).isEqualTo(2); // sent again, with the same ids ...
            assertThat(triggersOf("crashy"))
                    .extracting(t -> t.event().id())
                    .containsExactlyElementsOf(ids); // ... and dropped
        }
    }

    @Test
    void stateIsKeptInTheDatastoreBucketUnderTheSensorsPrefix() throws Exception {
        Path file = dir.resolve("kv.json");
        Files.writeString(file, "{\"tickets\": [{\"id\": \"x-1\"}]}");
        try (Sensor sensor = connect("kvcheck")) {
            PollStateStore state = new PollStateStore(sensor::keyValue, "team-a", "kvcheck");
            pollSensor("kvcheck", file, sensor, sensor::keyValue).pollOnce();
            KeyValue bucket = sensor.keyValue();
            assertThat(bucket.getBucketName()).isEqualTo(Subjects.DATASTORE_BUCKET);
            assertThat(bucket.keys()).contains(state.keyOf("x-1"));
            assertThat(state.keyOf("x-1")).startsWith("sensor.team-a.kvcheck.");
            assertThat(new String(bucket.get(state.keyOf("x-1")).getValue())).contains("\"key\":\"x-1\"");
        }
    }
}
