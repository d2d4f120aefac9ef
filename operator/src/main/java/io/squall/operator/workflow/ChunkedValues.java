package io.squall.operator.workflow;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.squall.api.messages.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Values of any size in a JetStream key-value bucket whose messages are bounded (NATS' max_payload, 1 MiB by
 * default), replaced under a revision guard. A value up to {@link #PART_BYTES} is the entry itself; a larger one is
 * written in parts under {@code _parts.<key>.<id>.<i>} first (a fresh id per write, so two writers never mix their
 * parts), then the entry becomes a small manifest naming them — the revision-guarded write that makes the new value
 * visible at once, or not at all. Parts of the replaced value go after the write; a writer that lost the race
 * removes its own. A value is never JSON-object-shaped at its first byte unless it is a manifest: callers store
 * gzip ({@code 0x1f 0x8b}).
 */
final class ChunkedValues {

    static final int PART_BYTES = 256 * 1024;
    private static final String PARTS = "_parts.";

    /** The entry's value, the revision to name when replacing it, and its parts (null when it is one entry). */
    record Value(byte[] bytes, long revision, Manifest parts) {}

    /** The manifest of a value written in parts. */
    record Manifest(String id, int parts, int size) {}

    private ChunkedValues() {}

    static Optional<Value> read(KeyValue kv, String key) throws IOException, JetStreamApiException {
        KeyValueEntry entry = kv.get(key);
        if (entry == null || entry.getValue() == null || entry.getOperation() != KeyValueOperation.PUT) {
            return Optional.empty();
        }
        Optional<Manifest> manifest = manifest(entry.getValue());
        if (manifest.isEmpty()) {
            return Optional.of(new Value(entry.getValue(), entry.getRevision(), null));
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream(manifest.get().size());
        for (int i = 0; i < manifest.get().parts(); i++) {
            KeyValueEntry part = kv.get(partKey(key, manifest.get().id(), i));
            if (part == null || part.getValue() == null || part.getOperation() != KeyValueOperation.PUT) {
                throw new IOException("part " + i + " of " + manifest.get().parts() + " of " + key
                        + " is missing from the bucket " + kv.getBucketName());
            }
            whole.write(part.getValue());
        }
        return Optional.of(new Value(whole.toByteArray(), entry.getRevision(), manifest.get()));
    }

    /**
     * @param revision the revision read, or 0 when there was no entry
     * @param previous the parts of the value read (null when it was one entry): removed once replaced
     * @return the new revision
     * @throws JetStreamApiException with the wrong-last-sequence code when the entry is no longer at {@code revision}
     */
    static long write(KeyValue kv, String key, byte[] value, long revision, Manifest previous)
            throws IOException, JetStreamApiException {
        Manifest manifest = null;
        byte[] entry = value;
        if (value.length > PART_BYTES) {
            manifest = new Manifest(
                    UUID.randomUUID().toString().replace("-", ""),
                    (value.length + PART_BYTES - 1) / PART_BYTES,
                    value.length);
            for (int i = 0; i < manifest.parts(); i++) {
                kv.put(
                        partKey(key, manifest.id(), i),
                        Arrays.copyOfRange(value, i * PART_BYTES, Math.min(value.length, (i + 1) * PART_BYTES)));
            }
            entry = Json.toBytes(manifest);
        }
        long written;
        try {
            written = revision == 0 ? kv.create(key, entry) : kv.update(key, entry, revision);
        } catch (JetStreamApiException | IOException | RuntimeException e) {
            removeParts(kv, key, manifest); // this writer lost: its parts are nobody's
            throw e;
        }
        removeParts(kv, key, previous);
        return written;
    }

    /** Removes the entry and its parts. */
    static void delete(KeyValue kv, String key) throws IOException, JetStreamApiException {
        KeyValueEntry entry = kv.get(key);
        if (entry != null && entry.getValue() != null) {
            removeParts(kv, key, manifest(entry.getValue()).orElse(null));
        }
        kv.purge(key);
    }

    /** A crash between writing parts and the entry leaves those parts behind: garbage, never read. */
    private static void removeParts(KeyValue kv, String key, Manifest manifest)
            throws IOException, JetStreamApiException {
        if (manifest == null) {
            return;
        }
        for (int i = 0; i < manifest.parts(); i++) {
            kv.purge(partKey(key, manifest.id(), i));
        }
    }

    private static String partKey(String key, String id, int index) {
        return PARTS + key + "." + id + "." + index;
    }

    private static Optional<Manifest> manifest(byte[] value) {
        if (value.length == 0 || value[0] != '{') {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = Json.fromBytes(value, Map.class);
        return Optional.of(new Manifest(
                String.valueOf(fields.get("id")),
                ((Number) fields.get("parts")).intValue(),
                ((Number) fields.get("size")).intValue()));
    }
}
