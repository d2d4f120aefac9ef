package io.squall.sensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.squall.api.messages.Json;
import io.squall.sensors.sdk.SensorContext;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Reads SQUALL_SENSOR_CONFIG into one of the api config classes, with errors that name the field. */
public final class SensorConfigs {
    private static final Logger LOG = Logger.getLogger(SensorConfigs.class);

    // unknown fields (a newer operator) are reported, not fatal: the sensor still runs with what it knows
    private static final ObjectMapper MAPPER = Json.mapper().copy().addHandler(new DeserializationProblemHandler() {
        @Override
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName)
                throws IOException {
            LOG.warnf("%s: ignoring unknown field '%s'", SensorContext.SENSOR_CONFIG, propertyName);
            p.skipChildren();
            return true;
        }
    });

    private SensorConfigs() {}

    public static <T> T read(JsonNode config, Class<T> type) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            config = MAPPER.createObjectNode();
        }
        if (!config.isObject()) {
            throw new IllegalArgumentException(SensorContext.SENSOR_CONFIG + " must be a JSON object ("
                    + type.getSimpleName() + "), got " + config.getNodeType());
        }
        try {
            return MAPPER.treeToValue(config, type);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(
                    SensorContext.SENSOR_CONFIG + ": field '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    SensorContext.SENSOR_CONFIG + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }
}
