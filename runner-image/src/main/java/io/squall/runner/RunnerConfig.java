package io.squall.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The runner's settings, all from environment variables (the Job's pod spec) except the request path,
 * which the first command-line argument may give instead. See {@link RunnerMain} for the contract.
 */
public record RunnerConfig(
        Path requestFile,
        Optional<String> natsUrl,
        Optional<Path> natsCredentials,
        Optional<String> natsUser,
        Optional<String> natsPassword,
        Optional<String> natsToken,
        Optional<Path> scriptFile,
        int outputLimitBytes,
        Duration publishTimeout,
        Duration cancelGrace) {

    public static final String REQUEST_FILE = "SQUALL_REQUEST_FILE";
    public static final String NATS_URL = "SQUALL_NATS_URL";
    public static final String NATS_CREDS = "SQUALL_NATS_CREDS";
    public static final String NATS_USER = "SQUALL_NATS_USER";
    public static final String NATS_PASSWORD = "SQUALL_NATS_PASSWORD";
    public static final String NATS_TOKEN = "SQUALL_NATS_TOKEN";
    public static final String SCRIPT_FILE = "SQUALL_SCRIPT_FILE";
    public static final String OUTPUT_LIMIT_BYTES = "SQUALL_OUTPUT_LIMIT_BYTES";
    public static final String PUBLISH_TIMEOUT_SECONDS = "SQUALL_PUBLISH_TIMEOUT_SECONDS";
    public static final String CANCEL_GRACE_SECONDS = "SQUALL_CANCEL_GRACE_SECONDS";

    public static final Path DEFAULT_REQUEST_FILE = Path.of("/var/run/squall/request/request.json");
    /** Last 256 KiB of stdout and of stderr. */
    public static final int DEFAULT_OUTPUT_LIMIT_BYTES = 256 * 1024;
    /** How long a NATS outage may last before the result is given up (the pod then fails without a result). */
    public static final int DEFAULT_PUBLISH_TIMEOUT_SECONDS = 60;
    /** After SIGTERM: time to kill the action and publish "canceled"; below Kubernetes' default 30 s grace. */
    public static final int DEFAULT_CANCEL_GRACE_SECONDS = 20;

    /** @throws IllegalArgumentException naming the variable whose value is not usable */
    public static RunnerConfig from(Map<String, String> env, String[] args) {
        Path requestFile = args.length > 0
                ? Path.of(args[0])
                : value(env, REQUEST_FILE).map(Path::of).orElse(DEFAULT_REQUEST_FILE);
        Optional<String> natsUrl = value(env, NATS_URL);
        natsUrl.ifPresent(RunnerConfig::checkServerUrls);
        return new RunnerConfig(
                requestFile,
                natsUrl,
                value(env, NATS_CREDS).map(Path::of),
                value(env, NATS_USER),
                value(env, NATS_PASSWORD),
                value(env, NATS_TOKEN),
                value(env, SCRIPT_FILE).map(Path::of),
                positive(env, OUTPUT_LIMIT_BYTES, DEFAULT_OUTPUT_LIMIT_BYTES),
                Duration.ofSeconds(positive(env, PUBLISH_TIMEOUT_SECONDS, DEFAULT_PUBLISH_TIMEOUT_SECONDS)),
                Duration.ofSeconds(positive(env, CANCEL_GRACE_SECONDS, DEFAULT_CANCEL_GRACE_SECONDS)));
    }

    /** A comma-separated list of nats://, tls:// (or scheme-less host:port) URLs, each with a host. */
    private static void checkServerUrls(String urls) {
        for (String url : urls.split(",")) {
            String candidate = url.strip().contains("://") ? url.strip() : "nats://" + url.strip();
            String host;
            try {
                host = java.net.URI.create(candidate).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
            if (host == null) {
                throw new IllegalArgumentException(
                        NATS_URL + " must be a NATS server URL such as nats://nats:4222, got '" + url.strip() + "'");
            }
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int positive(Map<String, String> env, String name, int defaultValue) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(text.get());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalArgumentException(name + " must be a positive integer, got '" + text.get() + "'");
    }
}
