package io.squall.operator.workflow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import io.squall.api.messages.Json;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.nats.NatsUnavailableException;

/**
 * The state of running workflows in the JetStream key-value bucket {@value #BUCKET}, one entry per workflow
 * Execution (key {@code <namespace>.<name>}), gzipped JSON of a {@link WorkflowRun}. Every write names the revision
 * it was computed from, so two writers (a replica that lost its lease and the new leader) can never interleave: the
 * loser gets {@link StaleRunException} and its reconcile starts again from the entry as it is.
 * <p>
 * Size bound: one entry must fit the NATS server's max_payload (1 MiB by default) after compression; the conductor
 * state grows with the task sequence, the published contexts and with-items results.
 */
@ApplicationScoped
public class WorkflowRunStore {

    public static final String BUCKET = "SQUALL_WORKFLOWS";
    /** JetStream API error: wrong last sequence (the entry changed since it was read, or exists already). */
    static final int WRONG_LAST_SEQUENCE = 10071;
    static final int STREAM_NOT_FOUND = 10059;

    /** An entry and the revision to name when replacing it. */
    public record Stored(WorkflowRun run, long revision) {
    }

    /** The entry changed since it was read: another writer moved the workflow. */
    public static final class StaleRunException extends RuntimeException {
        StaleRunException(String key, JetStreamApiException cause) {
            super("workflow state " + key + " in " + BUCKET + " was changed by another writer", cause);
        }
    }

    private final NatsConnector connector;
    private final int replicas;
    private volatile boolean bucketReady;

    public WorkflowRunStore(NatsConnector connector, SquallConfig config) {
        this.connector = connector;
        this.replicas = config.jetstream().replicas();
    }

    public boolean isEnabled() {
        return connector.isEnabled();
    }

    public Optional<Stored> read(String namespace, String execution) throws IOException, JetStreamApiException {
        KeyValueEntry entry = bucket().get(key(namespace, execution));
        if (entry == null || entry.getValue() == null || entry.getOperation() != io.nats.client.api.KeyValueOperation.PUT) {
            return Optional.empty();
        }
        return Optional.of(new Stored(Json.fromBytes(gunzip(entry.getValue()), WorkflowRun.class), entry.getRevision()));
    }

    /**
     * @param revision the revision read, or 0 when there was no entry
     * @return the new revision
     * @throws StaleRunException when the entry is no longer at {@code revision}
     */
    public long write(String namespace, String execution, WorkflowRun run, long revision)
            throws IOException, JetStreamApiException {
        String key = key(namespace, execution);
        byte[] value = gzip(Json.toBytes(run));
        try {
            return revision == 0 ? bucket().create(key, value) : bucket().update(key, value, revision);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                throw new StaleRunException(key, e);
            }
            throw e;
        }
    }

    /** The entry of a finished (or deleted) workflow Execution is not needed any more. */
    public void delete(String namespace, String execution) throws IOException, JetStreamApiException {
        bucket().purge(key(namespace, execution));
    }

    static String key(String namespace, String execution) {
        return namespace + "." + execution;
    }

    private KeyValue bucket() throws IOException, JetStreamApiException {
        Connection connection = connector.connection()
                .orElseThrow(() -> new NatsUnavailableException(connector.readiness().message()));
        if (!bucketReady) {
            try {
                connection.keyValueManagement().getStatus(BUCKET);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                connection.keyValueManagement().create(KeyValueConfiguration.builder()
                        .name(BUCKET)
                        .description("Squall: the conductor state of each running workflow Execution")
                        .storageType(StorageType.File)
                        .replicas(replicas)
                        .maxHistoryPerKey(1)
                        .build());
            }
            bucketReady = true;
        }
        return connection.keyValue(BUCKET);
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
