package io.squall.operator.nats;

import io.nats.client.Connection;
import io.squall.operator.config.SquallConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Makes the operator's NATS connection injectable ({@code @Inject Connection}). The bean is created on first
 * use: it waits up to squall.nats.connect-timeout for the first connect and otherwise fails with
 * {@link NatsUnavailableException} saying why (the next use tries again).
 */
@ApplicationScoped
public class NatsConnectionProducer {

    @Produces
    @ApplicationScoped
    Connection connection(NatsConnector connector, SquallConfig config) {
        return connector.awaitConnection(config.nats().connectTimeout());
    }
}
