package io.squall.runner;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.squall.api.messages.Subjects;
import io.squall.local.NatsServer;
import java.io.IOException;
import java.time.Duration;

/** Connections to a test {@link NatsServer}, and the results stream as the operator creates it. */
public final class TestNats {

    private TestNats() {}

    public static Connection connect(NatsServer server) throws IOException, InterruptedException {
        return Nats.connect(server.url());
    }

    public static void createResultStream(Connection connection) throws IOException, JetStreamApiException {
        connection
                .jetStreamManagement()
                .addStream(StreamConfiguration.builder()
                        .name(Subjects.RESULT_STREAM)
                        .subjects(Subjects.resultWildcard())
                        .storageType(StorageType.File)
                        .duplicateWindow(Duration.ofMinutes(2))
                        .build());
    }
}
