package io.squall.sensors.app;

import io.squall.sensors.SensorRuntime;
import io.squall.sensors.sdk.SensorContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/** Builds the sensor from the environment (through MicroProfile Config, so tests can set the variables). */
@ApplicationScoped
public class SensorBeans {

    @Produces
    @Singleton
    SensorRuntime sensorRuntime(Config config) throws InterruptedException {
        // raw values: SQUALL_SENSOR_CONFIG may contain ${secret:...}, which is ours to expand, not the config system's
        SensorContext context = SensorContext.from(key -> {
            var value = config.getConfigValue(key);
            return value == null ? null : value.getRawValue();
        });
        return SensorRuntime.create(context);
    }

    void close(@Disposes SensorRuntime runtime) throws InterruptedException {
        runtime.close();
    }
}
