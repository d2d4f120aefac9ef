package io.squall.sensors.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.squall.api.messages.Json;
import io.squall.sensors.SensorIds;
import java.io.IOException;

/**
 * What a poll sensor has already emitted, kept in the datastore bucket under
 * {@code sensor.<namespace>.<name>.<hash of item key>} = {key, hash}, so a restart does not emit again.
 * Writes are compare-and-set on the revision read before the emit.
 */
public final class PollStateStore {
    /** The content hash last emitted for an item, and the revision of that record (0 = never seen). */
    public record Seen(String contentHash, long revision) {
        static final Seen NEVER = new Seen(null, 0);
    }

    /** Opens the bucket (the NATS connection may come up after the sensor starts). */
    @FunctionalInterface
    public interface BucketOpener {
        KeyValue open() throws IOException;
    }

    private final BucketOpener opener;
    private final String prefix;
    private KeyValue bucket;

    public PollStateStore(BucketOpener opener, String namespace, String sensorName) {
        this.opener = opener;
        this.prefix = "sensor." + namespace + "." + sensorName + ".";
    }

    public String keyOf(String itemKey) {
        return prefix + SensorIds.keyHash(itemKey);
    }

    public Seen seen(String itemKey) throws IOException {
        try {
            KeyValueEntry entry = bucket().get(keyOf(itemKey));
            if (entry == null || entry.getValue() == null) {
                return Seen.NEVER;
            }
            JsonNode record = Json.mapper().readTree(entry.getValue());
            return new Seen(record.path("hash").asText(null), entry.getRevision());
        } catch (JetStreamApiException e) {
            throw new IOException("cannot read poll state " + keyOf(itemKey) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records that {@code contentHash} was emitted for the item, if the record is still at
     * {@code previous.revision()}; otherwise another writer got there first and this fails.
     */
    public void record(String itemKey, String contentHash, Seen previous) throws IOException {
        byte[] value = Json.toBytes(
                Json.mapper().createObjectNode().put("key", itemKey).put("hash", contentHash));
        try {
            if (previous.revision() == 0) {
                bucket().create(keyOf(itemKey), value);
            } else {
                bucket().update(keyOf(itemKey), value, previous.revision());
            }
        } catch (JetStreamApiException e) {
            throw new IOException(
                    "poll state " + keyOf(itemKey) + " changed concurrently or cannot be written: " + e.getMessage(),
                    e);
        }
    }

    private synchronized KeyValue bucket() throws IOException {
        if (bucket == null) {
            bucket = opener.open();
        }
        return bucket;
    }
}
