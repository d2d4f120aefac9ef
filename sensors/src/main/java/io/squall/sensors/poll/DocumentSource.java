package io.squall.sensors.poll;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Where a poll sensor gets its JSON document each interval. */
public interface DocumentSource {
    JsonNode fetch() throws IOException, InterruptedException;

    /** What is polled, for messages. */
    String describe();
}
