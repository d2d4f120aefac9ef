package io.squall.engine.datastore;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.squall.api.messages.Subjects;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The datastore's {@link KvBucket} on the JetStream key-value bucket {@value Subjects#DATASTORE_BUCKET} (created by
 * the operator's stream provisioning). The bucket handle is kept per connection: opening one costs a round trip.
 */
public final class JetStreamKvBucket implements KvBucket {
    /** JetStream API error: wrong last sequence (the key changed since it was read, or exists already). */
    public static final int WRONG_LAST_SEQUENCE = 10071;

    private final Supplier<Connection> connection;
    private volatile Connection opened;
    private volatile KeyValue bucket;

    /** @param connection the live connection; it throws (with the reason) when there is none */
    public JetStreamKvBucket(Supplier<Connection> connection) {
        this.connection = connection;
    }

    @Override
    public Optional<Stored> get(String key) {
        try {
            KeyValueEntry entry = bucket().get(key);
            if (entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
                return Optional.empty();
            }
            return Optional.of(new Stored(entry.getValue(), entry.getRevision()));
        } catch (IOException | JetStreamApiException e) {
            throw unavailable("read", key, e);
        }
    }

    @Override
    public long put(String key, byte[] value) {
        try {
            return bucket().put(key, value);
        } catch (IOException | JetStreamApiException e) {
            throw unavailable("write", key, e);
        }
    }

    @Override
    public long create(String key, byte[] value) throws RevisionMismatch {
        try {
            return bucket().create(key, value);
        } catch (JetStreamApiException e) {
            throw mismatchOr(e, "create", key);
        } catch (IOException e) {
            throw unavailable("create", key, e);
        }
    }

    @Override
    public long update(String key, byte[] value, long revision) throws RevisionMismatch {
        try {
            return bucket().update(key, value, revision);
        } catch (JetStreamApiException e) {
            throw mismatchOr(e, "update", key);
        } catch (IOException e) {
            throw unavailable("update", key, e);
        }
    }

    @Override
    public void delete(String key, Long revision) throws RevisionMismatch {
        try {
            if (revision == null) {
                bucket().delete(key);
            } else {
                bucket().delete(key, revision);
            }
        } catch (JetStreamApiException e) {
            throw mismatchOr(e, "delete", key);
        } catch (IOException e) {
            throw unavailable("delete", key, e);
        }
    }

    @Override
    public List<String> keys(String filter) {
        try {
            return bucket().keys(filter);
        } catch (IOException | JetStreamApiException e) {
            throw unavailable("list", filter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("listing datastore keys " + filter + " was interrupted", e);
        }
    }

    private KeyValue bucket() throws IOException {
        Connection current = connection.get();
        KeyValue kv = bucket;
        if (kv == null || current != opened) {
            kv = current.keyValue(Subjects.DATASTORE_BUCKET);
            bucket = kv;
            opened = current;
        }
        return kv;
    }

    private static RevisionMismatch mismatchOr(JetStreamApiException e, String what, String key) {
        if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
            return new RevisionMismatch(key + " changed before it could be " + what + "d");
        }
        throw unavailable(what, key, e);
    }

    private static Unavailable unavailable(String what, String key, Exception e) {
        return new Unavailable("the datastore could not " + what + " " + key + ": " + e.getMessage(), e);
    }
}
