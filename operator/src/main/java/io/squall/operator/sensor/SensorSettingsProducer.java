package io.squall.operator.sensor;

import io.squall.operator.config.SquallConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes {@link SensorSettings} injectable, built once from the configuration. */
public class SensorSettingsProducer {

    @Produces
    @Singleton
    SensorSettings sensorSettings(SquallConfig config) {
        return SensorSettings.from(config);
    }
}
