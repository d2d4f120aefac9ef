package io.squall.sensors.webhook;

import io.squall.api.v1alpha1.WebhookConfig;
import io.squall.sensors.sdk.SensorContext;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook request: a bearer token (before the body is read) or an HMAC-SHA256 signature of the
 * raw body. Comparisons are constant-time; the secret never appears in a message.
 */
public final class WebhookAuth {
    public static final String TOKEN_KEY = "token";
    public static final String HMAC_KEY = "hmac-key";
    public static final String SIGNATURE_HEADER = "X-Squall-Signature";
    public static final String GITHUB_SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final Duration SECRET_REFRESH = Duration.ofSeconds(10);

    private final WebhookConfig.Auth mode;
    private final CachedSecret secret;

    private WebhookAuth(WebhookConfig.Auth mode, CachedSecret secret) {
        this.mode = mode;
        this.secret = secret;
    }

    /** Fails when the mode needs a secret the Sensor's Secret does not hold. */
    public static WebhookAuth of(WebhookConfig.Auth mode, SensorContext context) {
        return of(mode, context, Clock.systemUTC());
    }

    static WebhookAuth of(WebhookConfig.Auth mode, SensorContext context, Clock clock) {
        if (mode == WebhookConfig.Auth.NONE) {
            return new WebhookAuth(mode, null);
        }
        String key = mode == WebhookConfig.Auth.TOKEN ? TOKEN_KEY : HMAC_KEY;
        CachedSecret secret = new CachedSecret(context, key, SECRET_REFRESH, clock);
        if (secret.value().isEmpty()) {
            throw new IllegalArgumentException("webhook.auth " + mode.name().toLowerCase(Locale.ROOT)
                    + " needs key '" + key + "' in the Sensor's Secret (spec.secretRef), but " + secret.location()
                    + " is missing or empty; or set webhook.auth: none");
        }
        return new WebhookAuth(mode, secret);
    }

    public WebhookConfig.Auth mode() {
        return mode;
    }

    /** True when the decision needs the body (HMAC). */
    public boolean needsBody() {
        return mode == WebhookConfig.Auth.HMAC;
    }

    /** Checks what the headers alone decide; returns the reason for a 401, or empty when the request may go on. */
    public Optional<String> rejectByHeaders(Function<String, String> header) {
        if (mode != WebhookConfig.Auth.TOKEN) {
            return Optional.empty();
        }
        String authorization = header.apply("Authorization");
        if (authorization == null) {
            return Optional.of("missing Authorization: Bearer <token>");
        }
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("Authorization is not a Bearer token");
        }
        Optional<String> expected = secret.value();
        if (expected.isEmpty()) {
            return Optional.of("no token configured (Secret key '" + TOKEN_KEY + "' is gone)");
        }
        String presented = authorization.substring(7).trim();
        return sameSecret(presented, expected.get()) ? Optional.empty() : Optional.of("invalid token");
    }

    /** Checks the body signature (HMAC mode); returns the reason for a 401, or empty when accepted. */
    public Optional<String> rejectByBody(Function<String, String> header, byte[] body) {
        if (mode != WebhookConfig.Auth.HMAC) {
            return Optional.empty();
        }
        String signature = header.apply(SIGNATURE_HEADER);
        if (signature == null) {
            signature = header.apply(GITHUB_SIGNATURE_HEADER);
        }
        if (signature == null) {
            return Optional.of("missing " + SIGNATURE_HEADER + ": sha256=<hex HMAC-SHA256 of the body>");
        }
        if (!signature.regionMatches(true, 0, "sha256=", 0, 7)) {
            return Optional.of(SIGNATURE_HEADER + " must be sha256=<hex>");
        }
        Optional<String> key = secret.value();
        if (key.isEmpty()) {
            return Optional.of("no HMAC key configured (Secret key '" + HMAC_KEY + "' is gone)");
        }
        String expected = hmacHex(key.get(), body);
        return sameSecret(signature.substring(7).trim().toLowerCase(Locale.ROOT), expected)
                ? Optional.empty()
                : Optional.of("signature does not match the body");
    }

    /** Hex HMAC-SHA256 of the body: what a sender puts after "sha256=". */
    public static String hmacHex(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable: " + e.getMessage(), e);
        }
    }

    // hashing first makes the comparison independent of both lengths
    private static boolean sameSecret(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
