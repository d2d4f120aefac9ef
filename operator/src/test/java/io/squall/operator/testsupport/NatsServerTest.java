package io.squall.operator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Nats;

class NatsServerTest {

    @Test
    void missingBinaryGivesTheInstallHint(@TempDir Path empty) {
        Optional<String> found = NatsServer.executable(null, empty.toString());
        assertThat(found).isEmpty();
        assertThatThrownBy(() -> NatsServer.requireExecutable(found))
                .hasMessage("nats-server not found: install the Debian package `nats-server` (apt-get install -y nats-server)");
    }

    @Test
    void binaryIsFoundOnTheSearchPathOrThroughTheEnvironmentVariable(@TempDir Path dir) throws Exception {
        Path fake = Files.createFile(dir.resolve("nats-server"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(NatsServer.executable(null, "/nonexistent:" + dir)).contains(fake.toString());
        assertThat(NatsServer.executable(fake.toString(), "")).contains(fake.toString());
    }

    @Test
    void startsAJetStreamServerOnLoopback() throws Exception {
        try (NatsServer server = NatsServer.start(); Connection connection = Nats.connect(server.url())) {
            assertThat(server.url()).startsWith("nats://127.0.0.1:");
            assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
        }
    }
}
