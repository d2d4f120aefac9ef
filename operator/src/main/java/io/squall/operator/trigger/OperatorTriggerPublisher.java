package io.squall.operator.trigger;

import io.nats.client.JetStreamApiException;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.timer.TimerScheduler;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * The one publisher of the triggers the operator makes itself: timer fires, injected triggers (core-inject-trigger),
 * core.action.completed and core.inquiry. They go to SQUALL_TRIGGERS on the operator's NATS connection; without a
 * connection it throws an IOException saying why, so every caller retries the same way.
 */
@Singleton
public class OperatorTriggerPublisher implements TimerScheduler.Publisher {

    private final NatsConnector connector;

    public OperatorTriggerPublisher(NatsConnector connector) {
        this.connector = connector;
    }

    @Override
    public void publish(TriggerEvent event) throws IOException, JetStreamApiException {
        var connection = connector
                .connection()
                .orElseThrow(() -> new IOException(
                        "NATS is not connected: " + connector.readiness().message()));
        new TriggerPublisher(connection.jetStream()).publish(event);
    }
}
