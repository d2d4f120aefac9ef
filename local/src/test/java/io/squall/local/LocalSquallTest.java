package io.squall.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.local.LocalDeploymentExecutor.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's own decisions; the running stack is tested in system-tests (LocalSquallSmokeTest). */
class LocalSquallTest {

    @Test
    void settingsComeFromTheEnvironmentWithDefaultsUnderTheRepository() {
        Path root = Path.of("/repo");
        LocalSquall.Settings defaults = LocalSquall.Settings.fromEnvironment(root, Map.of());
        assertThat(defaults.stateDir()).isEqualTo(Path.of("/repo/.squall-dev"));
        assertThat(defaults.natsPort()).isEqualTo(4222);
        assertThat(defaults.operatorPort()).isEqualTo(8081);
        assertThat(defaults.kubeBinaries()).isEmpty();

        LocalSquall.Settings set = LocalSquall.Settings.fromEnvironment(
                root,
                Map.of(
                        "SQUALL_DEV_STATE_DIR",
                        "/tmp/s",
                        "SQUALL_DEV_NATS_PORT",
                        "14222",
                        "SQUALL_DEV_OPERATOR_PORT",
                        "18081",
                        "SQUALL_KUBE_API_TEST_DIR",
                        "/k"));
        assertThat(set)
                .isEqualTo(new LocalSquall.Settings(root, Path.of("/tmp/s"), 14222, 18081, Optional.of(Path.of("/k"))));
    }

    @Test
    void aBadPortNamesTheVariable() {
        assertThatThrownBy(() ->
                        LocalSquall.Settings.fromEnvironment(Path.of("/repo"), Map.of("SQUALL_DEV_NATS_PORT", "http")))
                .hasMessage("SQUALL_DEV_NATS_PORT=http is not a TCP port (1-65535)");
        assertThatThrownBy(() ->
                        LocalSquall.Settings.fromEnvironment(Path.of("/repo"), Map.of("SQUALL_DEV_OPERATOR_PORT", "0")))
                .hasMessage("SQUALL_DEV_OPERATOR_PORT=0 is not a TCP port (1-65535)");
    }

    @Test
    void theStateDirectoryIsWipedOnlyWhenSquallDevMadeIt(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state");
        LocalSquall.wipeStateDir(state);
        Files.createDirectories(state.resolve("pods/a"));
        Files.writeString(state.resolve("pods/a/output.log"), "old");
        LocalSquall.wipeStateDir(state);
        try (var entries = Files.list(state)) {
            assertThat(entries).containsExactly(state.resolve(LocalSquall.STATE_MARKER));
        }

        Path foreign = Files.createDirectories(dir.resolve("home"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> LocalSquall.wipeStateDir(foreign))
                .hasMessageContaining("exists and was not made by squall-dev");
        assertThat(foreign.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void endpointsArePrintedAsTheUrlToPostToOrTheLog() {
        assertThat(LocalSquall.describe(
                        new Endpoint("default", "hello", "webhook", "p", 40123, "hello", Path.of("/l"))))
                .isEqualTo("sensor default/hello: POST http://127.0.0.1:40123/hello");
        assertThat(LocalSquall.describe(
                        new Endpoint("ops", "tickets", "poll", "p", 40124, null, Path.of("/l/output.log"))))
                .isEqualTo("sensor ops/tickets: poll (log /l/output.log)");
    }
}
