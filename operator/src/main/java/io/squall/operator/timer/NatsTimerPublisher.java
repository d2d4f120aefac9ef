package io.squall.operator.timer;

import java.io.IOException;

import jakarta.inject.Singleton;

import io.nats.client.JetStreamApiException;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.operator.nats.NatsConnector;

/** Timer fires go to SQUALL_TRIGGERS through the operator's NATS connection, like every other trigger. */
@Singleton
public class NatsTimerPublisher implements TimerScheduler.Publisher {

    private final NatsConnector connector;

    public NatsTimerPublisher(NatsConnector connector) {
        this.connector = connector;
    }

    @Override
    public void publish(TriggerEvent event) throws IOException, JetStreamApiException {
        var connection = connector.connection()
                .orElseThrow(() -> new IOException("NATS is not connected: " + connector.readiness().message()));
        new TriggerPublisher(connection.jetStream()).publish(event);
    }
}
