package io.squall.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.squall.local.NatsServer;
import io.squall.sensors.sdk.SensorContext;
import io.squall.sensors.testing.TriggerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program's choice of sensor from the environment, and its configuration errors. */
class SensorRuntimeTest {
    @TempDir
    static Path dir;

    static NatsServer nats;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        TriggerStore.create(nats);
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    private static Map<String, String> env(String type, String config) {
        Map<String, String> env = new HashMap<>();
        env.put(SensorContext.SENSOR_NAME, "s1");
        env.put(SensorContext.SENSOR_NAMESPACE, "team-a");
        env.put(SensorContext.SENSOR_TYPE, type);
        env.put(SensorContext.SENSOR_CONFIG, config);
        env.put(SensorContext.NATS_URL, nats.url());
        env.put(SensorContext.SECRET_DIR, dir.resolve("no-secret").toString());
        return env;
    }

    private static SensorRuntime create(Map<String, String> env) throws InterruptedException {
        return SensorRuntime.create(SensorContext.from(env));
    }

    @Test
    void aPollSensorWithoutLeaderElectionRunsFromTheEnvironment() throws Exception {
        Path file = dir.resolve("items.json");
        Files.writeString(file, "{\"items\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}");
        Map<String, String> env = env(
                "poll",
                "{\"command\": [\"cat\", \"" + file + "\"], \"itemsPath\": \"items\","
                        + " \"key\": \"name\", \"intervalSeconds\": 1}");
        env.put(SensorContext.LEADER_ELECTION, "false");
        try (SensorRuntime runtime = create(env)) {
            runtime.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> TriggerStore.read(nats).stream()
                                    .filter(t -> t.subject().equals("squall.trigger.team-a.core.poll"))
                                    .count()
                            == 2);
            assertThat(runtime.ready()).isTrue();
            assertThat(runtime.status()).containsEntry("type", "poll").doesNotContainKey("lease");
        }
    }

    @Test
    void theWebhookRefusesToStartWithoutItsSecret() {
        assertThatThrownBy(() -> create(env("webhook", "{}")))
                .hasMessageContaining("webhook.auth token needs key 'token'")
                .hasMessageContaining("webhook.auth: none");
        assertThatThrownBy(() -> create(env("webhook", "{\"auth\": \"hmac\"}")))
                .hasMessageContaining("needs key 'hmac-key'");
    }

    @Test
    void configErrorsNameTheField() {
        assertThatThrownBy(() -> create(env("webhook", "{\"auth\": \"basic\"}")))
                .hasMessageContaining("SQUALL_SENSOR_CONFIG: field 'auth'");
        assertThatThrownBy(() -> create(env("webhook", "{\"auth\": \"none\", \"path\": \"q/health\"}")))
                .hasMessageContaining("webhook.path 'q/health' is reserved");
        assertThatThrownBy(() -> create(env("poll", "{\"url\": \"http://x\", \"command\": [\"true\"]}")))
                .hasMessageContaining("exactly one of poll.url and poll.command");
        assertThatThrownBy(() -> create(env("poll", "{\"url\": \"ftp://x\"}")))
                .hasMessageContaining("poll.url 'ftp://x' must be http or https");
        assertThatThrownBy(() -> create(env("poll", "{\"command\": [\"true\"], \"intervalSeconds\": \"often\"}")))
                .hasMessageContaining("field 'intervalSeconds'");
        assertThatThrownBy(() -> create(env("kubernetes-events", "{\"fieldSelector\": \"reason\"}")))
                .hasMessageContaining("kubernetesEvents.fieldSelector: 'reason' is not field=value");
        assertThatThrownBy(() -> create(env("image", "{}")))
                .hasMessageContaining("SQUALL_SENSOR_TYPE 'image' is not a built-in sensor");
    }

    @Test
    void unknownConfigFieldsAreToleratedForOlderSensorImages() throws Exception {
        try (SensorRuntime runtime = create(env("webhook", "{\"auth\": \"none\", \"newerField\": 1}"))) {
            assertThat(runtime.webhook()).isPresent();
            assertThat(runtime.webhook().get().settings().path()).isEqualTo("s1");
            assertThat(runtime.webhook().get().settings().triggerType()).isEqualTo("core.webhook");
            assertThat(runtime.webhook().get().settings().maxBodyBytes()).isEqualTo(1024 * 1024);
        }
    }
}
