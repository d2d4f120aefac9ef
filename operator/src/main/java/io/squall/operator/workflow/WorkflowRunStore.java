package io.squall.operator.workflow;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.squall.api.messages.Json;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.nats.NatsUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The state of running workflows in the JetStream key-value bucket {@value #BUCKET}, one entry per workflow
 * Execution (key {@code <namespace>.<name>}), gzipped JSON of a {@link WorkflowRun}. Every write names the revision
 * it was computed from, so two writers (a replica that lost its lease and the new leader) can never interleave: the
 * loser gets {@link StaleRunException} and its reconcile starts again from the entry as it is.
 * <p>
 * Size: the conductor state grows with the task sequence, the published contexts and with-items results; a state
 * larger than a NATS message may be (max_payload, 1 MiB by default) is kept in parts ({@link ChunkedValues}).
 */
@ApplicationScoped
public class WorkflowRunStore {

    public static final String BUCKET = "SQUALL_WORKFLOWS";
    /** JetStream API error: wrong last sequence (the entry changed since it was read, or exists already). */
    static final int WRONG_LAST_SEQUENCE = 10071;

    static final int STREAM_NOT_FOUND = 10059;

    /** An entry (as read: {@code json}) and the revision to name when replacing it. */
    public record Stored(WorkflowRun run, long revision, ChunkedValues.Manifest parts, byte[] json) {}

    /** The entry changed since it was read: another writer moved the workflow. */
    public static final class StaleRunException extends RuntimeException {
        StaleRunException(String key, JetStreamApiException cause) {
            super("workflow state " + key + " in " + BUCKET + " was changed by another writer", cause);
        }
    }

    private final NatsConnector connector;
    private final int replicas;
    private volatile boolean bucketReady;
    /** The bucket's handle on the connection it was made on: making one asks JetStream for the stream's info. */
    private volatile Handle handle;

    private record Handle(Connection connection, KeyValue bucket) {}

    public WorkflowRunStore(NatsConnector connector, SquallConfig config) {
        this.connector = connector;
        this.replicas = config.jetstream().replicas();
    }

    public boolean isEnabled() {
        return connector.isEnabled();
    }

    public Optional<Stored> read(String namespace, String execution) throws IOException, JetStreamApiException {
        Optional<ChunkedValues.Value> value = ChunkedValues.read(bucket(), key(namespace, execution));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        byte[] json = gunzip(value.get().bytes());
        return Optional.of(new Stored(
                Json.fromBytes(json, WorkflowRun.class),
                value.get().revision(),
                value.get().parts(),
                json));
    }

    /**
     * @param read what was read (its revision and parts), or null when there was no entry
     * @return the new revision
     * @throws StaleRunException when the entry is no longer at {@code revision}
     */
    public long write(String namespace, String execution, WorkflowRun run, Stored read)
            throws IOException, JetStreamApiException {
        long revision = read == null ? 0 : read.revision();
        byte[] json = Json.toBytes(run);
        if (read != null && Arrays.equals(json, read.json())) {
            return revision; // a reconcile that moved nothing: no write, and no revision to race for
        }
        String key = key(namespace, execution);
        byte[] value = gzip(json);
        try {
            return ChunkedValues.write(bucket(), key, value, revision, read == null ? null : read.parts());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                throw new StaleRunException(key, e);
            }
            throw e;
        }
    }

    /** The entry of a finished (or deleted) workflow Execution is not needed any more. */
    public void delete(String namespace, String execution) throws IOException, JetStreamApiException {
        ChunkedValues.delete(bucket(), key(namespace, execution));
    }

    static String key(String namespace, String execution) {
        return namespace + "." + execution;
    }

    private KeyValue bucket() throws IOException, JetStreamApiException {
        Connection connection = connector
                .connection()
                .orElseThrow(
                        () -> new NatsUnavailableException(connector.readiness().message()));
        if (!bucketReady) {
            try {
                connection.keyValueManagement().getStatus(BUCKET);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                connection
                        .keyValueManagement()
                        .create(KeyValueConfiguration.builder()
                                .name(BUCKET)
                                .description("Squall: the conductor state of each running workflow Execution")
                                .storageType(StorageType.File)
                                .replicas(replicas)
                                .maxHistoryPerKey(1)
                                .build());
            }
            bucketReady = true;
        }
        Handle current = handle;
        if (current == null || current.connection() != connection) {
            current = new Handle(connection, connection.keyValue(BUCKET));
            handle = current;
        }
        return current.bucket();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory", e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
