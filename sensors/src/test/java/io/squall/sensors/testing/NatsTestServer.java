package io.squall.sensors.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import io.nats.NatsServerRunner;
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

/**
 * A real nats-server with JetStream on a fixed loopback port and store dir, so it can be stopped and
 * started again with its data. Creates the SQUALL_TRIGGERS stream like the operator does in production.
 */
public final class NatsTestServer implements AutoCloseable {
    private final Path storeDir;
    private final int port;
    private NatsServerRunner runner;

    private NatsTestServer(Path storeDir, int port) {
        this.storeDir = storeDir;
        this.port = port;
    }

    public static NatsTestServer start() throws IOException {
        return start(Files.createTempDirectory("squall-sensors-nats"));
    }

    public static NatsTestServer start(Path storeDir) throws IOException {
        requireNatsServer();
        NatsTestServer server = new NatsTestServer(storeDir, freePort());
        server.startProcess();
        return server;
    }

    /** One stored trigger with its Nats-Msg-Id header. */
    public record StoredTrigger(String msgId, String subject, TriggerEvent event) {
    }

    private static void requireNatsServer() {
        String explicit = System.getenv("nats_server_path");
        if (explicit != null && new File(explicit).canExecute()) {
            return;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "nats-server").canExecute()) {
                return;
            }
        }
        throw new IllegalStateException("nats-server is not on the PATH: these tests need a real NATS server; "
                + "install the Debian package nats-server (apt-get install nats-server)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void startProcess() throws IOException {
        NatsServerRunner.setDefaultOutputLevel(Level.WARNING);
        runner = NatsServerRunner.builder().port(port)
                .customArgs(new String[] {"-a", "127.0.0.1", "-js", "-sd", storeDir.toString()})
                .build();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Stops the server process (the store dir stays). */
    public void stop() throws InterruptedException {
        if (runner != null) {
            try {
                runner.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop nats-server: " + e.getMessage(), e);
            }
            runner = null;
        }
    }

    /** Starts the server again on the same port with the same store. */
    public void restart() throws IOException {
        if (runner == null) {
            startProcess();
        }
    }

    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(new Options.Builder().server(url()).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    /** Creates SQUALL_TRIGGERS (subjects squall.trigger.>), as the operator does. */
    public void createTriggerStream() throws IOException, InterruptedException, JetStreamApiException {
        try (Connection connection = connect()) {
            connection.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name(Subjects.TRIGGER_STREAM).subjects(Subjects.triggerWildcard())
                    .storageType(StorageType.File).duplicateWindow(Duration.ofMinutes(2)).build());
        }
    }

    /** Everything in SQUALL_TRIGGERS, in order. */
    public List<StoredTrigger> triggers() throws IOException, InterruptedException, JetStreamApiException {
        try (Connection connection = connect()) {
            JetStreamManagement management = connection.jetStreamManagement();
            var state = management.getStreamInfo(Subjects.TRIGGER_STREAM).getStreamState();
            List<StoredTrigger> result = new ArrayList<>();
            for (long seq = state.getFirstSequence(); seq <= state.getLastSequence() && state.getMsgCount() > 0; seq++) {
                MessageInfo message = management.getMessage(Subjects.TRIGGER_STREAM, seq);
                result.add(new StoredTrigger(message.getHeaders().getFirst("Nats-Msg-Id"), message.getSubject(),
                        Json.fromBytes(message.getData(), TriggerEvent.class)));
            }
            return result;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
