package io.squall.operator.sensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.squall.api.messages.Json;
import io.squall.operator.config.SquallConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What sensor workloads are built with, from squall.sensors.* and squall.nats.* (a record, so that every
 * desired-state builder is a plain function of the Sensor and these settings).
 *
 * @param natsUrl the NATS URL sensor pods publish to
 * @param nats    the credentials sensor pods connect with: the operator's own
 */
public record SensorSettings(
        String image,
        String imagePullPolicy,
        String natsUrl,
        long runAsUser,
        String cpuRequest,
        String memoryRequest,
        String memoryLimit,
        String serviceAccount,
        IngressSettings ingress,
        NatsCredentials nats) {

    /** squall.sensors.ingress.*: one Ingress per webhook sensor when enabled. */
    public record IngressSettings(
            boolean enabled,
            Optional<String> className,
            Optional<String> host,
            Optional<String> tlsSecret,
            Map<String, String> annotations) {

        public static final IngressSettings DISABLED =
                new IngressSettings(false, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /** The NATS credentials of squall.nats.* (at most one kind is set); creds is the content of a .creds file. */
    public record NatsCredentials(
            Optional<String> user, Optional<String> password, Optional<String> token, Optional<String> creds) {

        public static final NatsCredentials NONE =
                new NatsCredentials(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        public boolean isEmpty() {
            return user.isEmpty() && token.isEmpty() && creds.isEmpty();
        }
    }

    public static SensorSettings from(SquallConfig config) {
        SquallConfig.Sensors sensors = config.sensors();
        return new SensorSettings(
                sensors.image(),
                sensors.imagePullPolicy(),
                sensors.natsUrl()
                        .filter(url -> !url.isBlank())
                        .orElse(config.nats().url()),
                sensors.runAsUser(),
                sensors.cpuRequest(),
                sensors.memoryRequest(),
                sensors.memoryLimit(),
                sensors.serviceAccount(),
                ingress(sensors.ingress()),
                credentials(config.nats()));
    }

    static IngressSettings ingress(SquallConfig.SensorIngress ingress) {
        return new IngressSettings(
                ingress.enabled(),
                nonBlank(ingress.className()),
                nonBlank(ingress.host()),
                nonBlank(ingress.tlsSecret()),
                annotations(nonBlank(ingress.annotations())));
    }

    static Map<String, String> annotations(Optional<String> json) {
        if (json.isEmpty()) {
            return Map.of();
        }
        try {
            return new LinkedHashMap<>(
                    Json.mapper().readValue(json.get(), new TypeReference<Map<String, String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "squall.sensors.ingress.annotations: not a JSON object of strings: " + e.getOriginalMessage(), e);
        }
    }

    static NatsCredentials credentials(SquallConfig.Nats nats) {
        Optional<String> creds = nats.credsFile().map(file -> {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException("squall.nats.creds-file: cannot read " + file, e);
            }
        });
        return new NatsCredentials(nats.user(), nats.password(), nats.token(), creds);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }
}
