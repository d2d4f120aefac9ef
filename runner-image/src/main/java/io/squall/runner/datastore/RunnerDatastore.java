package io.squall.runner.datastore;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.JetStreamKvBucket;
import io.squall.engine.datastore.SecretCipher;
import io.squall.runner.RunnerConfig;
import io.squall.runner.publish.NatsOptionsFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The datastore a python action's {@code action_service} reads and writes: the engine's {@link Datastore} on the
 * squall-kv bucket, as the operator keeps it. In a runner pod it shares the connection the result is published on
 * (opened in the background at start); without one (a runner run by hand with a NATS URL) it opens its own on first
 * use, since most actions never touch the datastore. The runner has no encryption key: secret values stay with the
 * operator.
 */
public final class RunnerDatastore implements AutoCloseable {
    private final Supplier<Options> options;
    private final CompletableFuture<Connection> shared;
    private Connection connection;
    private Datastore datastore;

    private RunnerDatastore(Supplier<Options> options, CompletableFuture<Connection> shared) {
        this.options = options;
        this.shared = shared;
    }

    /** On the runner's NATS server and credentials; none when the runner has no {@code SQUALL_NATS_URL}. */
    public static RunnerDatastore from(RunnerConfig config) {
        return new RunnerDatastore(
                config.natsUrl().isEmpty() ? null : () -> NatsOptionsFactory.from(config, "squall-runner datastore"),
                null);
    }

    /** On {@code shared}, the runner's own connection (not closed here: its owner closes it). */
    public static RunnerDatastore sharing(CompletableFuture<Connection> shared) {
        return new RunnerDatastore(null, shared);
    }

    /** @throws DatastoreException naming why there is none (no NATS configured, or it cannot be reached) */
    public synchronized Datastore datastore() {
        if (datastore == null && shared != null) {
            Connection opened;
            try {
                opened = shared.join();
            } catch (CompletionException e) {
                throw new DatastoreException(
                        "the datastore cannot be reached: " + e.getCause().getMessage());
            }
            datastore = new Datastore(new JetStreamKvBucket(() -> opened), (SecretCipher) null, Clock.systemUTC());
        }
        if (options == null && datastore == null) {
            throw new DatastoreException(
                    "the datastore lives in NATS JetStream and this runner has no " + RunnerConfig.NATS_URL);
        }
        if (datastore == null) {
            Options built = options.get();
            try {
                connection = Nats.connect(built);
            } catch (IOException e) {
                throw new DatastoreException(
                        "the datastore cannot be reached: NATS " + built.getServers() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatastoreException("interrupted while connecting to the datastore");
            }
            Connection opened = connection;
            datastore = new Datastore(new JetStreamKvBucket(() -> opened), (SecretCipher) null, Clock.systemUTC());
        }
        return datastore;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection = null;
            datastore = null;
        }
    }
}
