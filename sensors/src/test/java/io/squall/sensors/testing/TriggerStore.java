package io.squall.sensors.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.local.NatsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The SQUALL_TRIGGERS stream on a test {@link NatsServer}: created as the operator creates it, read back in order. */
public final class TriggerStore {

    /** One stored trigger with its Nats-Msg-Id header. */
    public record StoredTrigger(String msgId, String subject, TriggerEvent event) {}

    private TriggerStore() {}

    public static Connection connect(NatsServer nats) throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder()
                .server(nats.url())
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** Creates SQUALL_TRIGGERS (subjects squall.trigger.>), as the operator does. */
    public static void create(NatsServer nats) throws IOException, InterruptedException, JetStreamApiException {
        try (Connection connection = connect(nats)) {
            connection
                    .jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name(Subjects.TRIGGER_STREAM)
                            .subjects(Subjects.triggerWildcard())
                            .storageType(StorageType.File)
                            .duplicateWindow(Duration.ofMinutes(2))
                            .build());
        }
    }

    /** Everything in SQUALL_TRIGGERS, in order. */
    public static List<StoredTrigger> read(NatsServer nats)
            throws IOException, InterruptedException, JetStreamApiException {
        try (Connection connection = connect(nats)) {
            JetStreamManagement management = connection.jetStreamManagement();
            var state = management.getStreamInfo(Subjects.TRIGGER_STREAM).getStreamState();
            List<StoredTrigger> result = new ArrayList<>();
            for (long seq = state.getFirstSequence();
                    seq <= state.getLastSequence() && state.getMsgCount() > 0;
                    seq++) {
                MessageInfo message = management.getMessage(Subjects.TRIGGER_STREAM, seq);
                result.add(new StoredTrigger(
                        message.getHeaders().getFirst("Nats-Msg-Id"),
                        message.getSubject(),
                        Json.fromBytes(message.getData(), TriggerEvent.class)));
            }
            return result;
        }
    }
}
