package io.squall.sensors.poll;

import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.PollConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A poll sensor's config with the defaults filled in and checked. */
public record PollSettings(
        URI url,
        List<String> command,
        Map<String, String> headers,
        Duration interval,
        String itemsPath,
        String key,
        String triggerType) {
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final String DEFAULT_KEY = "id";
    public static final String DEFAULT_TRIGGER_TYPE = "core.poll";
    private static final Pattern TRIGGER_TYPE = Pattern.compile(Names.TRIGGER_TYPE_PATTERN);

    public static PollSettings from(PollConfig config) {
        boolean hasUrl = config.url != null && !config.url.isBlank();
        boolean hasCommand = config.command != null && !config.command.isEmpty();
        if (hasUrl == hasCommand) {
            throw new IllegalArgumentException("poll: set exactly one of poll.url and poll.command");
        }
        URI url = hasUrl ? url(config.url) : null;
        if (hasCommand && config.command.stream().anyMatch(arg -> arg == null)) {
            throw new IllegalArgumentException("poll.command must not contain null arguments");
        }
        int seconds = config.intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : config.intervalSeconds;
        if (seconds < 1) {
            throw new IllegalArgumentException("poll.intervalSeconds must be at least 1, got " + seconds);
        }
        String key = config.key == null || config.key.isBlank() ? DEFAULT_KEY : config.key;
        String type = config.triggerType == null ? DEFAULT_TRIGGER_TYPE : config.triggerType;
        if (!TRIGGER_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "poll.triggerType '" + type + "' must match " + Names.TRIGGER_TYPE_PATTERN);
        }
        return new PollSettings(
                url,
                hasCommand ? List.copyOf(config.command) : List.of(),
                config.headers == null ? Map.of() : Map.copyOf(config.headers),
                Duration.ofSeconds(seconds),
                config.itemsPath == null || config.itemsPath.isBlank() ? null : config.itemsPath,
                key,
                type);
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("poll.url '" + value + "' must be http or https");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("poll.url '" + value + "' is not a URL: " + e.getMessage(), e);
        }
    }
}
