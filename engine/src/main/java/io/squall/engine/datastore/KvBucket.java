package io.squall.engine.datastore;

import java.util.List;
import java.util.Optional;

/**
 * The key-value store the datastore keeps its entries in (a JetStream KV bucket in the operator and the CLI), as
 * the few revision-guarded operations the datastore needs.
 */
public interface KvBucket {
    /** A stored entry and its revision. */
    record Stored(byte[] value, long revision) {}

    /** Someone else wrote the key since the revision given (compare-and-set lost). */
    final class RevisionMismatch extends Exception {
        public RevisionMismatch(String message) {
            super(message);
        }
    }

    /** Reading or writing the bucket failed (the store is unreachable...). */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Optional<Stored> get(String key);

    long put(String key, byte[] value);

    /** Writes only if the key does not exist (or was deleted). */
    long create(String key, byte[] value) throws RevisionMismatch;

    /** Writes only if the key's revision is still {@code revision}. */
    long update(String key, byte[] value, long revision) throws RevisionMismatch;

    /** Deletes; with a revision, only if the key's revision is still that. */
    void delete(String key, Long revision) throws RevisionMismatch;

    /** The keys matching a NATS subject filter. */
    List<String> keys(String filter);
}
