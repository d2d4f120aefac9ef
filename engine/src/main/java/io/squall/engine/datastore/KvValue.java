package io.squall.engine.datastore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A datastore value as templates see it: a string as in StackStorm, or typed JSON. A secret's value is the decrypted
 * text, held only in memory; templates show it as {@code ********} unless they ask for it with {@code decrypt_kv}.
 */
public record KvValue(JsonNode value, boolean secret) {
    public static KvValue of(JsonNode value) {
        return new KvValue(value, false);
    }
}
