package io.squall.sensors.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Names;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A sensor's link to Squall: publishes trigger events to JetStream (stream SQUALL_TRIGGERS) and gives
 * access to the datastore bucket. Custom sensor images use it like this:
 *
 * <pre>
 * try (Sensor sensor = Sensor.connect(SensorContext.fromEnvironment())) {
 *     String id = sensor.dispatch("acme.alert", payload); // returns after the JetStream ack
 * }
 * </pre>
 */
public final class Sensor implements TriggerDispatcher, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sensor.class.getName());
    private static final Pattern TRIGGER_TYPE = Pattern.compile(Names.TRIGGER_TYPE_PATTERN);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    /** The subject and the Nats-Msg-Id header count against max_payload too. */
    private static final int HEADER_ROOM = 512;

    private final SensorContext context;
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private final CountDownLatch firstConnect = new CountDownLatch(1);
    private volatile boolean closed;

    private Sensor(SensorContext context) {
        this.context = context;
    }

    /** Connects to NATS in the background; {@link #dispatch} fails with an IOException until it is connected. */
    public static Sensor start(SensorContext context) throws InterruptedException {
        Sensor sensor = new Sensor(context);
        Options options = context.natsOptions()
                .connectionListener(sensor::onConnectionEvent)
                .build();
        Nats.connectAsynchronously(options, true);
        return sensor;
    }

    /** Connects to NATS and waits until the connection is up (retrying for as long as it takes). */
    public static Sensor connect(SensorContext context) throws InterruptedException {
        Sensor sensor = start(context);
        sensor.firstConnect.await();
        return sensor;
    }

    private void onConnectionEvent(Connection conn, ConnectionListener.Events event) {
        if (event == ConnectionListener.Events.CONNECTED || event == ConnectionListener.Events.RECONNECTED) {
            connection.set(conn);
            firstConnect.countDown();
        }
        if (event == ConnectionListener.Events.CONNECTED
                || event == ConnectionListener.Events.DISCONNECTED
                || event == ConnectionListener.Events.RECONNECTED) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "NATS " + context.natsUrl() + ": " + event.name().toLowerCase());
        }
        if (closed && event == ConnectionListener.Events.CONNECTED) {
            // closed while the first connect was under way
            closeQuietly(conn);
        }
    }

    public SensorContext context() {
        return context;
    }

    /** True while NATS is connected, i.e. a dispatch can succeed now. */
    public boolean isConnected() {
        Connection conn = connection.get();
        return conn != null && conn.getStatus() == Connection.Status.CONNECTED;
    }

    /** Publishes a new trigger (fresh id) and returns its id once JetStream has stored it. */
    public String dispatch(String type, JsonNode payload) throws IOException {
        return dispatch(type, payload, null);
    }

    /** As {@link #dispatch(String, JsonNode)}, with a trace tag (default: &lt;sensor name&gt;-&lt;id&gt;). */
    public String dispatch(String type, JsonNode payload, String traceTag) throws IOException {
        checkType(type);
        String id = UUID.randomUUID().toString();
        dispatch(new TriggerEvent(
                id,
                type,
                context.namespace(),
                payload,
                Instant.now(),
                source(),
                traceTag == null ? context.name() + "-" + id : traceTag));
        return id;
    }

    /**
     * Publishes a prepared event. Give it a deterministic id (derived from what it describes) to make a
     * re-send after a crash a duplicate that JetStream drops.
     */
    @Override
    public void dispatch(TriggerEvent event) throws IOException {
        Connection conn = connection.get();
        if (conn == null || conn.getStatus() != Connection.Status.CONNECTED) {
            throw new IOException("NATS is not connected (" + context.natsUrl() + ")");
        }
        long maxPayload =
                conn.getServerInfo() == null ? 0 : conn.getServerInfo().getMaxPayload();
        if (maxPayload > 0) {
            long size = Json.toBytes(event).length + HEADER_ROOM;
            if (size > maxPayload) {
                throw tooLarge(event, size, maxPayload);
            }
        }
        try {
            new TriggerPublisher(conn.jetStream(JetStreamOptions.builder()
                            .requestTimeout(PUBLISH_TIMEOUT)
                            .build()))
                    .publish(event);
        } catch (JetStreamApiException e) {
            throw new IOException(
                    "JetStream refused trigger " + event.id() + " on " + event.subject() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No Responders")) {
                throw new IOException(
                        "no JetStream stream takes " + event.subject() + " (is stream " + Subjects.TRIGGER_STREAM
                                + " there?): " + e.getMessage(),
                        e);
            }
            throw e;
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage())
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("payload")) {
                // jnats refuses a message over max_payload before sending it (headers counted)
                throw tooLarge(event, -1, maxPayload);
            }
            throw new IOException("trigger " + event.id() + " cannot be published: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // jnats: disconnected between the check and the publish (the reconnect buffer is off)
            throw new IOException("NATS is not connected (" + context.natsUrl() + "): " + e.getMessage(), e);
        }
    }

    /** "sensor/&lt;name&gt;": the TriggerEvent source of everything this sensor emits. */
    private static TriggerTooLargeException tooLarge(TriggerEvent event, long size, long maxPayload) {
        return new TriggerTooLargeException("trigger " + event.id() + " is " + (size < 0 ? "over " : "")
                + (size < 0 ? maxPayload : size) + " bytes as a NATS message; the server takes at most " + maxPayload
                + " (max_payload): send less data");
    }

    public String source() {
        return "sensor/" + context.name();
    }

    /** The datastore bucket (squall-kv), created when missing. */
    public KeyValue keyValue() throws IOException {
        Connection conn = connection.get();
        if (conn == null) {
            throw new IOException("NATS is not connected (" + context.natsUrl() + ")");
        }
        return datastore(conn);
    }

    /** The live connection, for what the SDK does not wrap; null before the first connect. */
    public Connection connection() {
        return connection.get();
    }

    /** Opens the datastore bucket on {@code conn}, creating it when missing (the operator normally has). */
    public static KeyValue datastore(Connection conn) throws IOException {
        String bucket = Subjects.DATASTORE_BUCKET;
        try {
            var management = conn.keyValueManagement();
            if (!management.getBucketNames().contains(bucket)) {
                try {
                    management.create(KeyValueConfiguration.builder()
                            .name(bucket)
                            .storageType(StorageType.File)
                            .maxHistoryPerKey(5)
                            .build());
                } catch (JetStreamApiException e) {
                    // someone else created it meanwhile: fine if it exists now
                    if (!management.getBucketNames().contains(bucket)) {
                        throw e;
                    }
                }
            }
            return conn.keyValue(bucket);
        } catch (JetStreamApiException e) {
            throw new IOException("cannot open key-value bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    private void checkType(String type) {
        if (type == null || !TRIGGER_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "trigger type '" + type + "' does not match " + Names.TRIGGER_TYPE_PATTERN);
        }
        // a custom sensor declares what it emits; built-in sensors emit the type of their config
        if ("image".equals(context.type())
                && !context.triggerTypes().isEmpty()
                && !context.triggerTypes().contains(type)) {
            throw new IllegalArgumentException(
                    "trigger type '" + type + "' is not declared in spec.triggerTypes " + context.triggerTypes());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        Connection conn = connection.getAndSet(null);
        if (conn != null) {
            conn.close();
        }
    }

    private static void closeQuietly(Connection conn) {
        try {
            conn.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
