package io.squall.operator.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.squall.operator.config.SquallConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Owns the operator's one NATS connection. It connects in the background so an unreachable NATS never
 * blocks or crashes start-up: until NATS answers, readiness is DOWN with the reason and the connector
 * retries every {@code squall.nats.retry-interval}. Once connected the connection reconnects forever, and
 * after every (re)connect the streams and the KV bucket are provisioned again (idempotent), so a NATS that
 * lost its storage gets them back.
 */
@ApplicationScoped
public class NatsConnector {

    private static final Logger LOG = Logger.getLogger(NatsConnector.class);

    private final SquallConfig.Nats config;
    private final StreamProvisioner provisioner;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final AtomicBoolean provisionPending = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private volatile Connection connection;
    private volatile boolean provisioned;
    private volatile String problem = "not started";

    public NatsConnector(SquallConfig config) {
        this.config = config.nats();
        this.provisioner = new StreamProvisioner(config.jetstream(), config.datastore());
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (!config.enabled()) {
            LOG.info("NATS is disabled (squall.nats.enabled=false): no streams, no trigger or result traffic");
            return;
        }
        if (executor != null) {
            return;
        }
        // bad credentials settings fail start-up here, naming the key: retrying cannot fix them
        Options options = NatsOptionsFactory.options(config, this::connectionEvent, new LoggingErrorListener());
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "squall-nats-connector");
            thread.setDaemon(true);
            return thread;
        });
        problem = "connecting to NATS " + config.url();
        executor.execute(() -> connect(options));
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isEnabled() {
        return config.enabled();
    }

    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** The connection, waiting up to {@code timeout} for the first connect. */
    public Connection awaitConnection(Duration timeout) {
        if (!config.enabled()) {
            throw new NatsUnavailableException("NATS is disabled (squall.nats.enabled=false)");
        }
        try {
            if (connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return connection;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new NatsUnavailableException(readiness().message());
    }

    public NatsReadiness readiness() {
        if (!config.enabled()) {
            return new NatsReadiness(true, "NATS disabled (squall.nats.enabled=false)");
        }
        Connection current = connection;
        if (current == null) {
            return new NatsReadiness(false, problem);
        }
        if (current.getStatus() != Connection.Status.CONNECTED) {
            return new NatsReadiness(
                    false,
                    "NATS connection to " + config.url() + " is " + current.getStatus() + "; reconnecting every "
                            + config.reconnectWait().toSeconds() + "s");
        }
        if (!provisioned) {
            return new NatsReadiness(false, problem);
        }
        return new NatsReadiness(true, "connected to " + current.getConnectedUrl() + ", JetStream streams provisioned");
    }

    private void connect(Options options) {
        try {
            Connection established = Nats.connect(options);
            connection = established;
            connected.countDown();
            LOG.infof(
                    "Connected to NATS %s (server %s)",
                    established.getConnectedUrl(), established.getServerInfo().getVersion());
            provision();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problem = "NATS " + config.url() + " is not reachable: " + describe(e) + "; retrying every "
                    + config.retryInterval().toSeconds() + "s";
            LOG.warn(problem);
            retry(() -> connect(options));
        }
    }

    private void provision() {
        provisionPending.set(false);
        try {
            List<StreamProvisioner.Result> results = provisioner.provision(connection);
            provisioned = true;
            problem = null;
            LOG.infof("JetStream provisioned: %s", results);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            provisioned = false;
            problem = "JetStream provisioning on NATS " + config.url() + " failed: " + describe(e) + "; retrying every "
                    + config.retryInterval().toSeconds() + "s";
            LOG.warn(problem);
            scheduleProvision(config.retryInterval());
        }
    }

    private void scheduleProvision(Duration delay) {
        if (provisionPending.compareAndSet(false, true)) {
            executor.schedule(this::provision, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retry(Runnable task) {
        if (!executor.isShutdown()) {
            executor.schedule(task, config.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void connectionEvent(Connection conn, ConnectionListener.Events event) {
        if (connection == null) {
            // a failed first attempt: the connector reports it once, with the reason
            LOG.debugf("NATS connection %s: %s", config.connectionName(), event);
            return;
        }
        switch (event) {
            case CONNECTED ->
                LOG.infof("NATS connection %s: connected to %s", config.connectionName(), conn.getConnectedUrl());
            case RECONNECTED -> {
                LOG.infof(
                        "NATS connection %s: reconnected to %s; checking streams",
                        config.connectionName(), conn.getConnectedUrl());
                if (executor != null && !executor.isShutdown()) {
                    scheduleProvision(Duration.ZERO);
                }
            }
            case DISCONNECTED ->
                LOG.warnf(
                        "NATS connection %s: disconnected from %s; reconnecting every %ss",
                        config.connectionName(),
                        config.url(),
                        config.reconnectWait().toSeconds());
            case CLOSED -> LOG.infof("NATS connection %s: closed", config.connectionName());
            default -> LOG.debugf("NATS connection %s: %s", config.connectionName(), event);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message;
    }

    /** jnats reports asynchronous problems here; they go to the operator log instead of stderr. */
    private final class LoggingErrorListener implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warnf("NATS error: %s", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            // before the first connect every failed attempt is already reported by the connector
            if (connection == null) {
                LOG.debugf("NATS: %s", exp.toString());
            } else {
                LOG.warnf("NATS: %s", exp.toString());
            }
        }
    }
}
