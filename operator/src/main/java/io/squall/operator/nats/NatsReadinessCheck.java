package io.squall.operator.nats;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** /q/health/ready is DOWN, with the reason, until NATS is connected and the streams exist. */
@Readiness
@ApplicationScoped
public class NatsReadinessCheck implements HealthCheck {

    public static final String NAME = "NATS JetStream";

    private final NatsConnector connector;

    public NatsReadinessCheck(NatsConnector connector) {
        this.connector = connector;
    }

    @Override
    public HealthCheckResponse call() {
        NatsReadiness readiness = connector.readiness();
        return HealthCheckResponse.named(NAME)
                .status(readiness.ready())
                .withData("message", readiness.message())
                .build();
    }
}
