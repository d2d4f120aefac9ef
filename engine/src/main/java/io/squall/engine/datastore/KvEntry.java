package io.squall.engine.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A datastore key as the core.kv-* actions and {@code squall kv} show it.
 *
 * @param value     the value; a secret's is {@code ********} unless it was read with decrypt
 * @param expiresAt when it expires (null: never)
 * @param revision  the bucket revision, for compare-and-set ({@code expect_revision})
 */
public record KvEntry(String name, KvScope scope, JsonNode value, boolean secret, Instant expiresAt, long revision) {

    /** {key, scope, value, secret, revision, expires_at}: what a core-kv-* result and {@code squall kv -o json} show. */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("key", name);
        out.put("scope", scope.label());
        out.set("value", value);
        out.put("secret", secret);
        out.put("revision", revision);
        if (expiresAt != null) {
            out.put("expires_at", expiresAt.toString());
        }
        return out;
    }
}
