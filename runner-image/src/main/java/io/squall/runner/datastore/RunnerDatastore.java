package io.squall.runner.datastore;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.JetStreamKvBucket;
import io.squall.engine.datastore.SecretCipher;
import io.squall.runner.RunnerConfig;
import io.squall.runner.publish.NatsOptionsFactory;

/**
 * The datastore a python action's {@code action_service} reads and writes: the engine's {@link Datastore} on the
 * squall-kv bucket, as the operator keeps it, over a NATS connection of its own opened on first use (most actions
 * never touch the datastore). The runner has no encryption key: secret values stay with the operator.
 */
public final class RunnerDatastore implements AutoCloseable {
    private final Supplier<Options> options;
    private Connection connection;
    private Datastore datastore;

    private RunnerDatastore(Supplier<Options> options) {
        this.options = options;
    }

    /** On the runner's NATS server and credentials; none when the runner has no {@code SQUALL_NATS_URL}. */
    public static RunnerDatastore from(RunnerConfig config) {
        return new RunnerDatastore(config.natsUrl().isEmpty() ? null
                : () -> NatsOptionsFactory.from(config, "squall-runner datastore"));
    }

    /** @throws DatastoreException naming why there is none (no NATS configured, or it cannot be reached) */
    public synchronized Datastore datastore() {
        if (options == null) {
            throw new DatastoreException("the datastore lives in NATS JetStream and this runner has no "
                    + RunnerConfig.NATS_URL);
        }
        if (datastore == null) {
            Options built = options.get();
            try {
                connection = Nats.connect(built);
            } catch (IOException e) {
                throw new DatastoreException("the datastore cannot be reached: NATS " + built.getServers() + ": "
                        + e.getMessage());
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
