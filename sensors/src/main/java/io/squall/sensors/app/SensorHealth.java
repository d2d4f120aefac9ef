package io.squall.sensors.app;

import io.squall.sensors.SensorRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** /q/health/ready: NATS connected (a webhook pod out of it gets no traffic); /q/health/live: nothing failed for good. */
public final class SensorHealth {
    private SensorHealth() {}

    static HealthCheckResponse response(String name, boolean up, Map<String, Object> data) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).status(up);
        data.forEach((key, value) -> {
            if (value instanceof Boolean flag) {
                builder.withData(key, flag);
            } else {
                builder.withData(key, String.valueOf(value));
            }
        });
        return builder.build();
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject
        SensorRuntime runtime;

        @Override
        public HealthCheckResponse call() {
            return response("squall-sensor-nats", runtime.ready(), runtime.status());
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        @Inject
        SensorRuntime runtime;

        @Override
        public HealthCheckResponse call() {
            return response("squall-sensor", runtime.alive(), runtime.status());
        }
    }
}
