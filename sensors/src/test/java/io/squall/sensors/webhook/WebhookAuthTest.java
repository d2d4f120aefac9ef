package io.squall.sensors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.WebhookConfig;
import io.squall.sensors.sdk.SensorContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookAuthTest {
    @TempDir
    Path secrets;

    private SensorContext context() {
        return SensorContext.from(Map.of(
                SensorContext.SENSOR_NAME,
                "h",
                SensorContext.SENSOR_NAMESPACE,
                "n",
                SensorContext.SECRET_DIR,
                secrets.toString()));
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRotatedTokenTakesEffectAfterTheRefreshInterval() throws Exception {
        Files.writeString(secrets.resolve("token"), "old");
        ManualClock clock = new ManualClock();
        WebhookAuth auth = WebhookAuth.of(WebhookConfig.Auth.TOKEN, context(), clock);
        assertThat(auth.rejectByHeaders(Map.of("Authorization", "Bearer old")::get))
                .isEmpty();

        Files.writeString(secrets.resolve("token"), "new");
        assertThat(auth.rejectByHeaders(Map.of("Authorization", "Bearer new")::get))
                .contains("invalid token");
        clock.now = clock.now.plus(Duration.ofSeconds(11));
        assertThat(auth.rejectByHeaders(Map.of("Authorization", "Bearer new")::get))
                .isEmpty();
        assertThat(auth.rejectByHeaders(Map.of("Authorization", "Bearer old")::get))
                .contains("invalid token");
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() throws Exception {
        Files.writeString(secrets.resolve("token"), "t");
        WebhookAuth auth = WebhookAuth.of(WebhookConfig.Auth.TOKEN, context());
        assertThat(auth.rejectByHeaders(Map.of("Authorization", "bearer t")::get))
                .isEmpty();
        assertThat(auth.rejectByHeaders(Map.of("Authorization", "Bearer")::get))
                .contains("Authorization is not a Bearer token");
    }

    @Test
    void hmacAcceptsUpperCaseHexAndNeedsTheBody() throws Exception {
        Files.writeString(secrets.resolve("hmac-key"), "k");
        WebhookAuth auth = WebhookAuth.of(WebhookConfig.Auth.HMAC, context());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String hex = WebhookAuth.hmacHex("k", body);
        assertThat(auth.needsBody()).isTrue();
        assertThat(auth.rejectByHeaders(Map.<String, String>of()::get)).isEmpty();
        assertThat(auth.rejectByBody(Map.of("X-Squall-Signature", "sha256=" + hex.toUpperCase())::get, body))
                .isEmpty();
        assertThat(auth.rejectByBody(Map.of("X-Squall-Signature", "sha1=" + hex)::get, body))
                .contains("X-Squall-Signature must be sha256=<hex>");
    }

    @Test
    void noneAcceptsEverything() {
        WebhookAuth auth = WebhookAuth.of(WebhookConfig.Auth.NONE, context());
        assertThat(auth.rejectByHeaders(Map.<String, String>of()::get)).isEmpty();
        assertThat(auth.rejectByBody(Map.<String, String>of()::get, new byte[0]))
                .isEmpty();
    }
}
