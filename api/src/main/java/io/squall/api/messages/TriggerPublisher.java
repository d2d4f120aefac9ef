package io.squall.api.messages;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;

/**
 * Publishes trigger events to JetStream with Nats-Msg-Id = event id. Returns only once JetStream has
 * stored the event, so a caller that answers "accepted" after {@link #publish} never loses one.
 */
public final class TriggerPublisher {
    private final JetStream jetStream;

    public TriggerPublisher(JetStream jetStream) {
        this.jetStream = jetStream;
    }

    public PublishAck publish(TriggerEvent event) throws IOException, JetStreamApiException {
        var message = NatsMessage.builder()
                .subject(event.subject())
                .data(Json.toBytes(event))
                .build();
        return jetStream.publish(
                message,
                PublishOptions.builder()
                        .messageId(event.id())
                        .expectedStream(Subjects.TRIGGER_STREAM)
                        .build());
    }
}
