package io.squall.sensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Deterministic trigger ids and content hashes. A trigger describing the same thing always gets the
 * same id, so a re-send (after a crash or a re-list) is dropped by JetStream's duplicate window.
 */
public final class SensorIds {
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SensorIds() {}

    /** A UUID-shaped id derived from the parts (SHA-256, version nibble 5 as in name-based UUIDs). */
    public static String idOf(String... parts) {
        byte[] digest = sha256(String.join("\u0000", parts));
        digest[6] = (byte) ((digest[6] & 0x0f) | 0x50);
        digest[8] = (byte) ((digest[8] & 0x3f) | 0x80);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (digest[i] & 0xff);
            low = (low << 8) | (digest[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    /** Hex SHA-256 of the JSON with object keys sorted, so key order does not count as a change. */
    public static String contentHash(JsonNode node) {
        try {
            Object plain = CANONICAL.treeToValue(node, Object.class);
            return HexFormat.of().formatHex(sha256(CANONICAL.writeValueAsString(plain)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot hash JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Short hex hash of a string, safe as a NATS subject/KV key token. */
    public static String keyHash(String value) {
        return HexFormat.of().formatHex(sha256(value)).substring(0, 32);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
