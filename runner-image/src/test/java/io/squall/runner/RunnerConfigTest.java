package io.squall.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerConfigTest {

    @Test
    void defaults() {
        RunnerConfig config = RunnerConfig.from(Map.of(), new String[0]);
        assertThat(config.requestFile()).isEqualTo(Path.of("/var/run/squall/request/request.json"));
        assertThat(config.natsUrl()).isEmpty();
        assertThat(config.scriptFile()).isEmpty();
        assertThat(config.outputLimitBytes()).isEqualTo(262144);
        assertThat(config.publishTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.cancelGrace()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theFirstArgumentWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("SQUALL_REQUEST_FILE", "/from/env.json", "SQUALL_NATS_URL", " nats://n:4222 ");
        assertThat(RunnerConfig.from(env, new String[0]).requestFile()).isEqualTo(Path.of("/from/env.json"));
        assertThat(RunnerConfig.from(env, new String[] {"arg.json"}).requestFile())
                .isEqualTo(Path.of("arg.json"));
        assertThat(RunnerConfig.from(env, new String[0]).natsUrl()).contains("nats://n:4222");
    }

    @Test
    void aBadNumberNamesTheVariable() {
        assertThatThrownBy(() -> RunnerConfig.from(Map.of("SQUALL_OUTPUT_LIMIT_BYTES", "lots"), new String[0]))
                .hasMessage("SQUALL_OUTPUT_LIMIT_BYTES must be a positive integer, got 'lots'");
        assertThatThrownBy(() -> RunnerConfig.from(Map.of("SQUALL_PUBLISH_TIMEOUT_SECONDS", "0"), new String[0]))
                .hasMessage("SQUALL_PUBLISH_TIMEOUT_SECONDS must be a positive integer, got '0'");
    }

    @Test
    void natsServerUrlsAreChecked() {
        assertThat(RunnerConfig.from(Map.of("SQUALL_NATS_URL", "nats://a:4222, tls://b:4222,c:4222"), new String[0])
                        .natsUrl())
                .isPresent();
        assertThatThrownBy(() -> RunnerConfig.from(Map.of("SQUALL_NATS_URL", "nats://bad host:4222"), new String[0]))
                .hasMessage(
                        "SQUALL_NATS_URL must be a NATS server URL such as nats://nats:4222, got 'nats://bad host:4222'");
    }
}
