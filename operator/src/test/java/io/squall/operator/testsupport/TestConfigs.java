package io.squall.operator.testsupport;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.squall.operator.config.SquallConfig;
import java.time.Duration;
import java.util.Map;

/** A real {@link SquallConfig} (defaults, conversions, validation) from properties, without starting Quarkus. */
public final class TestConfigs {

    private TestConfigs() {}

    public static SquallConfig squall(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SquallConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(SquallConfig.class);
    }
}
