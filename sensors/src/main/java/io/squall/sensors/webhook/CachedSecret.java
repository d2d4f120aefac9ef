package io.squall.sensors.webhook;

import io.squall.sensors.sdk.SensorContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A Secret key mounted as a file, re-read at most every {@code refresh}: a rotated Secret takes effect
 * without a restart, and requests do not read the file each time.
 */
final class CachedSecret {
    private final SensorContext context;
    private final String key;
    private final Duration refresh;
    private final Clock clock;
    private Optional<String> value;
    private Instant readAt;

    CachedSecret(SensorContext context, String key, Duration refresh, Clock clock) {
        this.context = context;
        this.key = key;
        this.refresh = refresh;
        this.clock = clock;
    }

    synchronized Optional<String> value() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(refresh))) {
            value = context.secret(key).filter(v -> !v.isEmpty());
            readAt = now;
        }
        return value;
    }

    String key() {
        return key;
    }

    String location() {
        return context.secretFile(key).toString();
    }
}
