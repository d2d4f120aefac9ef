package io.squall.sensors.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorContextTest {
    @TempDir
    Path secrets;

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put(SensorContext.SENSOR_NAME, "hooks");
        env.put(SensorContext.SENSOR_NAMESPACE, "team-a");
        return env;
    }

    @Test
    void readsTheContractWithItsDefaults() {
        SensorContext context = SensorContext.from(minimal());
        assertThat(context.name()).isEqualTo("hooks");
        assertThat(context.namespace()).isEqualTo("team-a");
        assertThat(context.type()).isEqualTo("image");
        assertThat(context.config().isObject()).isTrue();
        assertThat(context.triggerTypes()).isEmpty();
        assertThat(context.secretDir()).isEqualTo(Path.of(SensorContext.DEFAULT_SECRET_DIR));
        assertThat(context.natsUrl()).isEqualTo(SensorContext.DEFAULT_NATS_URL);
        assertThat(context.podNamespace()).isEqualTo("team-a");
        assertThat(context.leaderElection()).isTrue();
    }

    @Test
    void theNamespaceFallsBackToThePods() {
        Map<String, String> env = minimal();
        env.remove(SensorContext.SENSOR_NAMESPACE);
        env.put(SensorContext.POD_NAMESPACE, "squall-system");
        assertThat(SensorContext.from(env).namespace()).isEqualTo("squall-system");
    }

    @Test
    void customSensorsGetTheirConfigAndTriggerTypes() {
        Map<String, String> env = minimal();
        env.put(SensorContext.SENSOR_CONFIG, "{\"account\": \"acme\", \"regions\": [\"eu\"]}");
        env.put(
                SensorContext.TRIGGER_TYPES,
                "[{\"name\": \"newrelic.alert\", \"payloadSchema\": {}}, \"newrelic.recovery\"]");
        SensorContext context = SensorContext.from(env);
        assertThat(context.config().get("account").asText()).isEqualTo("acme");
        assertThat(context.triggerTypes()).containsExactly("newrelic.alert", "newrelic.recovery");
    }

    @Test
    void badVariablesAreNamed() {
        Map<String, String> env = minimal();
        env.remove(SensorContext.SENSOR_NAME);
        assertThatThrownBy(() -> SensorContext.from(env)).hasMessage("SQUALL_SENSOR_NAME is not set");

        Map<String, String> badJson = minimal();
        badJson.put(SensorContext.SENSOR_CONFIG, "{path: x}");
        assertThatThrownBy(() -> SensorContext.from(badJson))
                .hasMessageStartingWith("SQUALL_SENSOR_CONFIG is not valid JSON");

        Map<String, String> badTypes = minimal();
        badTypes.put(SensorContext.TRIGGER_TYPES, "{\"name\": \"x\"}");
        assertThatThrownBy(() -> SensorContext.from(badTypes))
                .hasMessageContaining("SQUALL_TRIGGER_TYPES must be a JSON array");

        Map<String, String> halfCredentials = minimal();
        halfCredentials.put(SensorContext.NATS_USER, "sensor");
        assertThatThrownBy(() -> SensorContext.from(halfCredentials))
                .hasMessageContaining("SQUALL_NATS_PASSWORD is not");

        Map<String, String> badFlag = minimal();
        badFlag.put(SensorContext.LEADER_ELECTION, "maybe");
        assertThatThrownBy(() -> SensorContext.from(badFlag))
                .hasMessageContaining("SQUALL_LEADER_ELECTION must be true or false");
    }

    @Test
    void secretsAreReadFromTheMountedFilesWithoutTheTrailingNewline() throws Exception {
        Map<String, String> env = minimal();
        env.put(SensorContext.SECRET_DIR, secrets.toString());
        Files.writeString(secrets.resolve("token"), "abc def\n");
        SensorContext context = SensorContext.from(env);
        assertThat(context.secret("token")).contains("abc def");
        assertThat(context.secret("hmac-key")).isEmpty();
        assertThatThrownBy(() -> context.secret("../etc/passwd")).hasMessageContaining("not a Secret key");
    }

    @Test
    void theDescriptionCarriesNoCredentials() {
        Map<String, String> env = minimal();
        env.put(SensorContext.NATS_TOKEN, "very-secret");
        assertThat(SensorContext.from(env).toString()).doesNotContain("very-secret");
    }
}
