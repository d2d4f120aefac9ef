package io.squall.operator.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.squall.api.messages.Subjects;
import io.squall.operator.config.SquallConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Creates or updates, idempotently, the JetStream streams (SQUALL_TRIGGERS, SQUALL_RESULTS, SQUALL_DEADLETTER)
 * and the squall-kv bucket to match the configuration. Safe to run on every start and every reconnect:
 * an existing stream keeps its messages, and is only updated when its limits differ from the configuration.
 */
public final class StreamProvisioner {

    /** JetStream API error code "stream not found" (a KV bucket is a stream too). */
    static final int STREAM_NOT_FOUND = 10059;

    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    public record Result(String name, Outcome outcome) {}

    private final SquallConfig.JetStream streams;
    private final SquallConfig.Datastore datastore;

    public StreamProvisioner(SquallConfig.JetStream streams, SquallConfig.Datastore datastore) {
        this.streams = streams;
        this.datastore = datastore;
    }

    public List<Result> provision(Connection connection) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        List<Result> results = new ArrayList<>();
        for (StreamConfiguration desired : desiredStreams()) {
            results.add(new Result(desired.getName(), provisionStream(jsm, desired)));
        }
        results.add(new Result(Subjects.DATASTORE_BUCKET, provisionBucket(connection.keyValueManagement())));
        return results;
    }

    public List<StreamConfiguration> desiredStreams() {
        return List.of(
                stream(Subjects.TRIGGER_STREAM, Subjects.triggerWildcard()),
                stream(Subjects.RESULT_STREAM, Subjects.resultWildcard()),
                stream(Subjects.DEAD_LETTER_STREAM, Subjects.deadLetterWildcard()));
    }

    public KeyValueConfiguration desiredBucket() {
        return KeyValueConfiguration.builder()
                .name(Subjects.DATASTORE_BUCKET)
                .description("Squall datastore (StackStorm st2kv)")
                .maxHistoryPerKey(datastore.history())
                .ttl(datastore.ttl().orElse(Duration.ZERO))
                .replicas(streams.replicas())
                .storageType(StorageType.File)
                .build();
    }

    private StreamConfiguration stream(String name, String subject) {
        return StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .maxAge(streams.maxAge())
                .maxBytes(streams.maxBytes())
                .replicas(streams.replicas())
                .duplicateWindow(streams.duplicateWindow())
                .build();
    }

    private static Outcome provisionStream(JetStreamManagement jsm, StreamConfiguration desired)
            throws IOException, JetStreamApiException {
        StreamConfiguration current;
        try {
            current = jsm.getStreamInfo(desired.getName()).getConfiguration();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(desired);
            return Outcome.CREATED;
        }
        if (sameLimits(current, desired)) {
            return Outcome.UNCHANGED;
        }
        // start from the server's configuration so settings Squall does not manage are kept
        jsm.updateStream(StreamConfiguration.builder(current)
                .subjects(desired.getSubjects())
                .maxAge(desired.getMaxAge())
                .maxBytes(desired.getMaxBytes())
                .replicas(desired.getReplicas())
                .duplicateWindow(desired.getDuplicateWindow())
                .build());
        return Outcome.UPDATED;
    }

    static boolean sameLimits(StreamConfiguration current, StreamConfiguration desired) {
        return new HashSet<>(current.getSubjects()).equals(new HashSet<>(desired.getSubjects()))
                && current.getMaxAge().equals(desired.getMaxAge())
                && current.getMaxBytes() == desired.getMaxBytes()
                && current.getReplicas() == desired.getReplicas()
                && current.getDuplicateWindow().equals(desired.getDuplicateWindow());
    }

    private Outcome provisionBucket(KeyValueManagement kvm) throws IOException, JetStreamApiException {
        KeyValueConfiguration desired = desiredBucket();
        KeyValueStatus current;
        try {
            current = kvm.getStatus(Subjects.DATASTORE_BUCKET);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            kvm.create(desired);
            return Outcome.CREATED;
        }
        if (current.getMaxHistoryPerKey() == desired.getMaxHistoryPerKey()
                && current.getTtl().equals(desired.getTtl())
                && current.getReplicas() == desired.getReplicas()) {
            return Outcome.UNCHANGED;
        }
        kvm.update(desired);
        return Outcome.UPDATED;
    }
}
