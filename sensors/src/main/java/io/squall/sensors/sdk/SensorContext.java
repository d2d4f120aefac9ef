package io.squall.sensors.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.nats.client.Options;
import io.squall.api.messages.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the operator tells a sensor pod, read from its environment (the contract is in sensors/README.md).
 * Built-in sensors and custom sensor images read the same variables.
 */
public final class SensorContext {
    public static final String SENSOR_NAME = "SQUALL_SENSOR_NAME";
    public static final String SENSOR_NAMESPACE = "SQUALL_SENSOR_NAMESPACE";
    public static final String SENSOR_TYPE = "SQUALL_SENSOR_TYPE";
    public static final String SENSOR_CONFIG = "SQUALL_SENSOR_CONFIG";
    public static final String TRIGGER_TYPES = "SQUALL_TRIGGER_TYPES";
    public static final String SECRET_DIR = "SQUALL_SENSOR_SECRET_DIR";
    public static final String NATS_URL = "SQUALL_NATS_URL";
    public static final String NATS_USER = "SQUALL_NATS_USER";
    public static final String NATS_PASSWORD = "SQUALL_NATS_PASSWORD";
    public static final String NATS_TOKEN = "SQUALL_NATS_TOKEN";
    public static final String NATS_CREDS = "SQUALL_NATS_CREDS";
    public static final String POD_NAME = "POD_NAME";
    public static final String POD_NAMESPACE = "POD_NAMESPACE";
    /** "false" runs a single-writer sensor without a Lease: one replica only, e.g. outside Kubernetes. */
    public static final String LEADER_ELECTION = "SQUALL_LEADER_ELECTION";
    /** Every variable of the contract, e.g. for a config system that must be asked key by key. */
    public static final List<String> VARIABLES = List.of(
            SENSOR_NAME,
            SENSOR_NAMESPACE,
            SENSOR_TYPE,
            SENSOR_CONFIG,
            TRIGGER_TYPES,
            SECRET_DIR,
            NATS_URL,
            NATS_USER,
            NATS_PASSWORD,
            NATS_TOKEN,
            NATS_CREDS,
            POD_NAME,
            POD_NAMESPACE,
            LEADER_ELECTION);

    public static final String DEFAULT_SECRET_DIR = "/var/run/squall/secret";
    public static final String DEFAULT_NATS_URL = "nats://localhost:4222";

    private final String name;
    private final String namespace;
    private final String type;
    private final JsonNode config;
    private final List<String> triggerTypes;
    private final Path secretDir;
    private final String natsUrl;
    private final String natsUser;
    private final String natsPassword;
    private final String natsToken;
    private final String natsCreds;
    private final String podName;
    private final String podNamespace;
    private final boolean leaderElection;

    private SensorContext(Function<String, String> env) {
        this.name = required(env, SENSOR_NAME);
        this.namespace = Optional.ofNullable(blankToNull(env.apply(SENSOR_NAMESPACE)))
                .or(() -> Optional.ofNullable(blankToNull(env.apply(POD_NAMESPACE))))
                .orElseThrow(() ->
                        new IllegalArgumentException(SENSOR_NAMESPACE + " is not set (nor " + POD_NAMESPACE + ")"));
        this.type = Optional.ofNullable(blankToNull(env.apply(SENSOR_TYPE))).orElse("image");
        this.config = parseJson(env.apply(SENSOR_CONFIG), SENSOR_CONFIG, JsonNodeFactory.instance.objectNode());
        this.triggerTypes = parseTriggerTypes(env.apply(TRIGGER_TYPES));
        this.secretDir =
                Path.of(Optional.ofNullable(blankToNull(env.apply(SECRET_DIR))).orElse(DEFAULT_SECRET_DIR));
        this.natsUrl = Optional.ofNullable(blankToNull(env.apply(NATS_URL))).orElse(DEFAULT_NATS_URL);
        this.natsUser = blankToNull(env.apply(NATS_USER));
        this.natsPassword = blankToNull(env.apply(NATS_PASSWORD));
        this.natsToken = blankToNull(env.apply(NATS_TOKEN));
        this.natsCreds = blankToNull(env.apply(NATS_CREDS));
        this.podName = Optional.ofNullable(blankToNull(env.apply(POD_NAME))).orElseGet(SensorContext::hostName);
        this.podNamespace =
                Optional.ofNullable(blankToNull(env.apply(POD_NAMESPACE))).orElse(namespace);
        this.leaderElection = parseBoolean(env.apply(LEADER_ELECTION), LEADER_ELECTION, true);
        if (natsUser != null && natsPassword == null) {
            throw new IllegalArgumentException(NATS_USER + " is set but " + NATS_PASSWORD + " is not");
        }
    }

    /** Reads the process environment. */
    public static SensorContext fromEnvironment() {
        return from(System::getenv);
    }

    public static SensorContext from(Map<String, String> env) {
        return from(env::get);
    }

    /** Reads the variables through {@code lookup} (null = unset); a missing or malformed one raises an error naming it. */
    public static SensorContext from(Function<String, String> lookup) {
        return new SensorContext(lookup);
    }

    /** The Sensor resource's name. */
    public String name() {
        return name;
    }

    /** Namespace the triggers are published in (subject squall.trigger.&lt;namespace&gt;.&lt;type&gt;). */
    public String namespace() {
        return namespace;
    }

    /** webhook, poll, kubernetes-events, or image for a custom sensor. */
    public String type() {
        return type;
    }

    /** SQUALL_SENSOR_CONFIG: the built-in's config object, or a custom sensor's free-form spec.config. */
    public JsonNode config() {
        return config;
    }

    /** Names of the trigger types declared in spec.triggerTypes (empty when none are declared). */
    public List<String> triggerTypes() {
        return triggerTypes;
    }

    /** A key of the Sensor's Secret (mounted as files), without a trailing newline; empty when absent. */
    public Optional<String> secret(String key) {
        Path file = secretFile(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(stripTrailingNewline(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read secret key '" + key + "' at " + file + ": " + e.getMessage(), e);
        }
    }

    public Path secretFile(String key) {
        if (key.isEmpty() || key.contains("/") || key.startsWith(".")) {
            throw new IllegalArgumentException("not a Secret key: '" + key + "'");
        }
        return secretDir.resolve(key);
    }

    public Path secretDir() {
        return secretDir;
    }

    public String natsUrl() {
        return natsUrl;
    }

    /** This pod's name: the identity in leader election. */
    public String podName() {
        return podName;
    }

    /** This pod's namespace: where the leader Lease lives. */
    public String podNamespace() {
        return podNamespace;
    }

    /** False when SQUALL_LEADER_ELECTION=false: poll and kubernetes-events sensors then run without a Lease. */
    public boolean leaderElection() {
        return leaderElection;
    }

    /**
     * NATS connection options: reconnect forever, and never buffer publishes while disconnected, so a
     * publish made during an outage fails at once instead of being sent later behind the caller's back.
     * Returned as a builder so a caller can add listeners.
     */
    public Options.Builder natsOptions() {
        Options.Builder builder = new Options.Builder()
                .server(natsUrl)
                .connectionName("squall-sensor-" + namespace + "-" + name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .connectionTimeout(Duration.ofSeconds(5))
                .reconnectBufferSize(0);
        if (natsCreds != null) {
            builder.credentialPath(natsCreds);
        }
        if (natsUser != null) {
            builder.userInfo(natsUser, natsPassword);
        }
        if (natsToken != null) {
            builder.token(natsToken.toCharArray());
        }
        return builder;
    }

    private static List<String> parseTriggerTypes(String value) {
        JsonNode node = parseJson(value, TRIGGER_TYPES, JsonNodeFactory.instance.arrayNode());
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    TRIGGER_TYPES + " must be a JSON array of trigger types, got " + node.getNodeType());
        }
        List<String> names = new ArrayList<>();
        for (JsonNode element : node) {
            // spec.triggerTypes entries ({name, description, payloadSchema}) or bare names
            JsonNode name = element.isTextual() ? element : element.path("name");
            if (!name.isTextual() || name.asText().isBlank()) {
                throw new IllegalArgumentException(TRIGGER_TYPES + ": entry without a name: " + element);
            }
            names.add(name.asText());
        }
        return List.copyOf(names);
    }

    private static JsonNode parseJson(String value, String variable, JsonNode whenUnset) {
        if (blankToNull(value) == null) {
            return whenUnset;
        }
        try {
            return Json.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(variable + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean parseBoolean(String value, String variable, boolean whenUnset) {
        if (blankToNull(value) == null) {
            return whenUnset;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(variable + " must be true or false, got '" + value + "'");
        };
    }

    private static String required(Function<String, String> env, String variable) {
        String value = blankToNull(env.apply(variable));
        if (value == null) {
            throw new IllegalArgumentException(variable + " is not set");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String stripTrailingNewline(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
            end--;
        }
        return value.substring(0, end);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(
                    POD_NAME + " is not set and the host name is unknown: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // no secrets here: this may be logged
        return "sensor " + namespace + "/" + name + " (type " + type + ", NATS " + natsUrl + ")";
    }
}
