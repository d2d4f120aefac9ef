package io.squall.operator.execution.result;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.nats.NatsUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where results live on NATS: the SQUALL_RESULTS stream the runners publish to (read back directly when the
 * operator must know whether an attempt that ended reported anything), and the object store
 * {@value Subjects#RESULTS_OBJECT_STORE} that keeps whole results larger than squall.executions.result-max-bytes
 * (the status then carries a truncated copy and the object's reference). Objects expire with the history TTL.
 */
@ApplicationScoped
public class ResultStore {

    /** JetStream API error codes: stream (bucket) not found, no message for the subject. */
    static final int STREAM_NOT_FOUND = 10059;

    static final int NO_MESSAGE_FOUND = 10037;

    /** A result as the status shows it. */
    public record StatusResult(JsonNode result, boolean truncated, String ref) {}

    private final NatsConnector connector;
    private final int maxBytes;
    private final Duration ttl;
    private final int replicas;
    private volatile boolean bucketReady;

    public ResultStore(NatsConnector connector, SquallConfig config) {
        this.connector = connector;
        this.maxBytes = config.executions().resultMaxBytes();
        this.ttl = config.executions().historyTtl();
        this.replicas = config.jetstream().replicas();
    }

    public boolean isEnabled() {
        return connector.isEnabled();
    }

    /** The result for the status; a result over the bound is stored whole first (idempotently, by attempt). */
    public StatusResult forStatus(ExecutionResult result) throws IOException, JetStreamApiException {
        JsonNode value = result.result();
        if (value == null || ResultTruncator.size(value) <= maxBytes) {
            return new StatusResult(value, false, null);
        }
        String key = objectName(result);
        try {
            ObjectStore bucket = bucket();
            // an attempt's result never changes: a redelivery must not rewrite the object under a reader
            ObjectInfo stored = bucket.getInfo(key);
            if (stored == null || stored.isDeleted()) {
                bucket.put(
                        ObjectMeta.builder(key)
                                .description("result of " + result.messageId())
                                .build(),
                        new ByteArrayInputStream(Json.toBytes(value)));
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            bucketReady = false; // a NATS that lost its storage gets the bucket again on the next try
            throw e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the object store digest (SHA-256) is part of every JDK", e);
        }
        return new StatusResult(
                ResultTruncator.truncate(value, maxBytes), true, Subjects.RESULTS_OBJECT_STORE + "/" + key);
    }

    /** The whole result a status's resultRef points to. */
    public JsonNode fetch(String resultRef) throws IOException, JetStreamApiException {
        String prefix = Subjects.RESULTS_OBJECT_STORE + "/";
        if (resultRef == null || !resultRef.startsWith(prefix)) {
            throw new IllegalArgumentException("not a result reference: " + resultRef);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            bucket().get(resultRef.substring(prefix.length()), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + resultRef, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the object store digest (SHA-256) is part of every JDK", e);
        }
        return Json.mapper().readTree(out.toByteArray());
    }

    /**
     * The last result the runners published for an execution (any attempt), read from the stream itself: the
     * definitive answer to "did this attempt report?" whatever the consumer has delivered so far.
     */
    public Optional<ExecutionResult> lastResult(String namespace, String execution)
            throws IOException, JetStreamApiException {
        try {
            MessageInfo message = connection()
                    .jetStreamManagement()
                    .getLastMessage(Subjects.RESULT_STREAM, Subjects.result(namespace, execution));
            return Optional.of(Json.fromBytes(message.getData(), ExecutionResult.class));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static String objectName(ExecutionResult result) {
        return result.namespace() + "/" + result.execution() + "/" + result.attempt();
    }

    private ObjectStore bucket() throws IOException, JetStreamApiException {
        Connection connection = connection();
        if (!bucketReady) {
            try {
                connection.objectStoreManagement().getStatus(Subjects.RESULTS_OBJECT_STORE);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                connection
                        .objectStoreManagement()
                        .create(ObjectStoreConfiguration.builder(Subjects.RESULTS_OBJECT_STORE)
                                .description("Squall: whole results larger than the Execution status bound")
                                .storageType(StorageType.File)
                                .replicas(replicas)
                                .ttl(ttl)
                                .build());
            }
            bucketReady = true;
        }
        return connection.objectStore(Subjects.RESULTS_OBJECT_STORE);
    }

    private Connection connection() {
        return connector
                .connection()
                .orElseThrow(
                        () -> new NatsUnavailableException(connector.readiness().message()));
    }
}
