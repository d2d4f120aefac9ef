package io.squall.engine.datastore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One datastore entry as it is stored in the bucket. NATS 2.9 has no per-message TTL, so the expiry travels with
 * the value and an expired entry reads as missing (the leader's sweep deletes it later). {@code writer} names the
 * Execution attempt that wrote it, so that an attempt repeated after a crash recognises its own write instead of
 * applying it twice (an increment must not count twice).
 *
 * @param value     the value (a JSON string in StackStorm's model; typed JSON allowed); for a secret, the
 *                  ciphertext as text ({@link SecretCipher})
 * @param secret    whether {@code value} is encrypted
 * @param expiresAt when the key expires, ISO-8601 (null: never)
 * @param writer    {@code <execution uid>/<attempt>} of the core.kv-* action that wrote it (null: a person or tool)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KvRecord(JsonNode value, Boolean secret, String expiresAt, String writer) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static KvRecord of(JsonNode value, boolean secret, Instant expiresAt, String writer) {
        return new KvRecord(
                value, secret ? Boolean.TRUE : null, expiresAt == null ? null : expiresAt.toString(), writer);
    }

    public Instant expiry() {
        return expiresAt == null ? null : Instant.parse(expiresAt);
    }

    /** Whether the value is encrypted (not named isSecret: Jackson would take it for the secret property). */
    public boolean encrypted() {
        return Boolean.TRUE.equals(secret);
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiry());
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a stored entry; an entry that is not a record (written by hand with the nats CLI) is a plain string. */
    public static KvRecord fromBytes(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node != null && node.isObject() && node.has("value")) {
                return JSON.treeToValue(node, KvRecord.class);
            }
        } catch (IOException e) {
            // not JSON: a plain string value
        }
        return new KvRecord(
                JSON.getNodeFactory().textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)),
                null,
                null,
                null);
    }
}
