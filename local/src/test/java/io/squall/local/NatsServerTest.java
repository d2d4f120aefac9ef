package io.squall.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsServerTest {

    @Test
    void missingBinaryGivesTheInstallHint(@TempDir Path empty) {
        Optional<String> found = NatsServer.executable(null, empty.toString());
        assertThat(found).isEmpty();
        assertThatThrownBy(() -> NatsServer.requireExecutable(found))
                .hasMessage(
                        "nats-server not found: install the Debian package `nats-server` (apt-get install -y nats-server)");
    }

    @Test
    void binaryIsFoundOnTheSearchPathOrThroughTheEnvironmentVariable(@TempDir Path dir) throws Exception {
        Path fake = Files.createFile(
                dir.resolve("nats-server"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(NatsServer.executable(null, "/nonexistent:" + dir)).contains(fake.toString());
        assertThat(NatsServer.executable(fake.toString(), "")).contains(fake.toString());
    }

    @Test
    void startsAJetStreamServerOnLoopbackAndDeletesItsTemporaryStore() throws Exception {
        Path store;
        try (NatsServer server = NatsServer.start();
                Connection connection = Nats.connect(server.url())) {
            assertThat(server.url()).isEqualTo("nats://127.0.0.1:" + server.port());
            assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
            store = server.storeDir();
            assertThat(store).isDirectory();
        }
        assertThat(store).doesNotExist();
    }

    @Test
    void aRestartKeepsPortAndStreams(@TempDir Path store) throws Exception {
        try (NatsServer server = NatsServer.start(store)) {
            try (Connection connection = Nats.connect(server.url())) {
                connection
                        .jetStreamManagement()
                        .addStream(StreamConfiguration.builder()
                                .name("KEPT")
                                .subjects("kept.>")
                                .storageType(StorageType.File)
                                .build());
            }
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> Nats.connect(server.url())).isInstanceOf(java.io.IOException.class);

            server.restart();
            try (Connection connection = Nats.connect(server.url())) {
                JetStreamManagement management = connection.jetStreamManagement();
                assertThat(management.getStreamNames()).contains("KEPT");
            }
        }
        // a given store directory belongs to the caller
        assertThat(store.resolve("jetstream")).isDirectory();
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> NatsServer.start(port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot start nats-server on 127.0.0.1:" + port
                            + ": the port is in use (another nats-server?)");
        }
    }

    @Test
    void aServerStartedLaterOnAFreePortIsReachableThere() throws Exception {
        int port = NatsServer.freePort();
        try (NatsServer server = NatsServer.start(port);
                Connection connection = Nats.connect(new io.nats.client.Options.Builder()
                        .server("nats://127.0.0.1:" + port)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .build())) {
            assertThat(server.port()).isEqualTo(port);
            assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }
    }
}
