package io.squall.engine.datastore;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A datastore key as the core.kv-* actions and {@code squall kv} show it.
 *
 * @param value     the value; a secret's is {@code ********} unless it was read with decrypt
 * @param expiresAt when it expires (null: never)
 * @param revision  the bucket revision, for compare-and-set ({@code expect_revision})
 */
public record KvEntry(String name, KvScope scope, JsonNode value, boolean secret, Instant expiresAt, long revision) {
}
