package io.squall.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.nats.NatsServerRunner;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.squall.api.messages.Subjects;

/** A real nats-server with JetStream on a free loopback port, and the results stream as the operator creates it. */
public final class TestNats {
    /** nats-server's own log lines: warnings and errors only, to keep the test output readable. */
    private static final Logger SERVER_LOG = Logger.getLogger("nats-server");

    static {
        SERVER_LOG.setLevel(Level.WARNING);
    }

    private TestNats() {
    }

    public static NatsServerRunner start(Path storeDir) throws IOException {
        return NatsServerRunner.builder().jetstream(true).outputLogger(SERVER_LOG)
                .customArgs(new String[] {"-a", "127.0.0.1", "-sd", storeDir.toString()}).build();
    }

    /** A server on a given port, e.g. to restart one with the same store. */
    public static NatsServerRunner start(Path storeDir, int port) throws IOException {
        return NatsServerRunner.builder().port(port).jetstream(true).outputLogger(SERVER_LOG)
                .customArgs(new String[] {"-a", "127.0.0.1", "-sd", storeDir.toString()}).build();
    }

    public static Connection connect(NatsServerRunner server) throws IOException, InterruptedException {
        return Nats.connect(server.getURI());
    }

    public static void createResultStream(Connection connection) throws IOException, JetStreamApiException {
        connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(Subjects.RESULT_STREAM)
                .subjects(Subjects.resultWildcard()).storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2)).build());
    }
}
