package io.squall.operator.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import io.squall.operator.nats.StreamProvisioner.Outcome;
import io.squall.operator.nats.StreamProvisioner.Result;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NatsServerExtension.class)
class StreamProvisionerTest {

    private static StreamProvisioner provisioner(Map<String, String> properties) {
        var config = TestConfigs.squall(properties);
        return new StreamProvisioner(config.jetstream(), config.datastore());
    }

    @Test
    void createsStreamsAndBucketThenLeavesThemAloneThenUpdatesChangedLimits(NatsServer nats) throws Exception {
        try (Connection connection = Nats.connect(nats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();

            var first = provisioner(Map.of("squall.jetstream.max-age", "1h", "squall.jetstream.duplicate-window", "1m"))
                    .provision(connection);
            assertThat(first)
                    .containsExactly(
                            new Result(Subjects.TRIGGER_STREAM, Outcome.CREATED),
                            new Result(Subjects.RESULT_STREAM, Outcome.CREATED),
                            new Result(Subjects.DEAD_LETTER_STREAM, Outcome.CREATED),
                            new Result(Subjects.DATASTORE_BUCKET, Outcome.CREATED));
            StreamConfiguration triggers =
                    jsm.getStreamInfo(Subjects.TRIGGER_STREAM).getConfiguration();
            assertThat(triggers.getSubjects()).containsExactly("squall.trigger.>");
            assertThat(triggers.getMaxAge()).isEqualTo(Duration.ofHours(1));
            assertThat(triggers.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(1));
            assertThat(jsm.getStreamInfo(Subjects.RESULT_STREAM)
                            .getConfiguration()
                            .getSubjects())
                    .containsExactly("squall.result.>");
            assertThat(jsm.getStreamInfo(Subjects.DEAD_LETTER_STREAM)
                            .getConfiguration()
                            .getSubjects())
                    .containsExactly("squall.deadletter.>");
            assertThat(connection
                            .keyValueManagement()
                            .getStatus(Subjects.DATASTORE_BUCKET)
                            .getMaxHistoryPerKey())
                    .isEqualTo(5);

            connection
                    .jetStream()
                    .publish(Subjects.trigger("ops", "core.webhook"), "{}".getBytes(StandardCharsets.UTF_8));

            var second = provisioner(
                            Map.of("squall.jetstream.max-age", "1h", "squall.jetstream.duplicate-window", "1m"))
                    .provision(connection);
            assertThat(second).extracting(Result::outcome).containsOnly(Outcome.UNCHANGED);

            var third = provisioner(Map.of(
                            "squall.jetstream.max-age",
                            "2h",
                            "squall.jetstream.duplicate-window",
                            "1m",
                            "squall.datastore.history",
                            "10"))
                    .provision(connection);
            assertThat(third)
                    .extracting(Result::outcome)
                    .containsExactly(Outcome.UPDATED, Outcome.UPDATED, Outcome.UPDATED, Outcome.UPDATED);
            var updated = jsm.getStreamInfo(Subjects.TRIGGER_STREAM);
            assertThat(updated.getConfiguration().getMaxAge()).isEqualTo(Duration.ofHours(2));
            assertThat(updated.getStreamState().getMsgCount())
                    .as("messages survive an update")
                    .isEqualTo(1);
            assertThat(connection
                            .keyValueManagement()
                            .getStatus(Subjects.DATASTORE_BUCKET)
                            .getMaxHistoryPerKey())
                    .isEqualTo(10);
        }
    }

    @Test
    void defaultsAreSevenDaysUnlimitedOneReplicaTwoMinuteWindow() {
        StreamConfiguration triggers = provisioner(Map.of()).desiredStreams().get(0);
        assertThat(triggers.getName()).isEqualTo(Subjects.TRIGGER_STREAM);
        assertThat(triggers.getMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(triggers.getMaxBytes()).isEqualTo(-1);
        assertThat(triggers.getReplicas()).isEqualTo(1);
        assertThat(triggers.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    }
}
