package io.squall.sensors.kubernetes;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.squall.sensors.poll.PollStateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The time of the latest event a kubernetes-events sensor has emitted, kept in the datastore bucket
 * ({@code sensor.<namespace>.<name>.watermark}). A new leader or a restarted pod skips older events of
 * the initial list, and emits those that happened while no one was watching.
 */
public final class EventWatermark {
    private final PollStateStore.BucketOpener opener;
    private final String key;
    private KeyValue bucket;
    private Instant known;

    public EventWatermark(PollStateStore.BucketOpener opener, String namespace, String sensorName) {
        this.opener = opener;
        this.key = "sensor." + namespace + "." + sensorName + ".watermark";
    }

    /**
     * The stored watermark, or {@code start} (then stored) when this sensor never emitted. Event times
     * have whole seconds, so the start is rounded down: an event in the same second is not lost.
     */
    public synchronized Instant loadOrInitialise(Instant start) throws IOException {
        start = start.truncatedTo(ChronoUnit.SECONDS);
        try {
            KeyValueEntry entry = bucket().get(key);
            if (entry != null && entry.getValue() != null) {
                known = Instant.parse(new String(entry.getValue(), StandardCharsets.UTF_8));
                return known;
            }
            bucket().put(key, start.toString());
            known = start;
            return start;
        } catch (JetStreamApiException e) {
            throw new IOException("cannot read watermark " + key + ": " + e.getMessage(), e);
        } catch (DateTimeParseException e) {
            throw new IOException("watermark " + key + " is not an instant: " + e.getParsedString(), e);
        }
    }

    /** Moves the watermark forward to {@code time} (never back). */
    public synchronized void advance(Instant time) throws IOException {
        if (known != null && !time.isAfter(known)) {
            return;
        }
        try {
            bucket().put(key, time.toString());
            known = time;
        } catch (JetStreamApiException e) {
            throw new IOException("cannot write watermark " + key + ": " + e.getMessage(), e);
        }
    }

    public String key() {
        return key;
    }

    private KeyValue bucket() throws IOException {
        if (bucket == null) {
            bucket = opener.open();
        }
        return bucket;
    }
}
