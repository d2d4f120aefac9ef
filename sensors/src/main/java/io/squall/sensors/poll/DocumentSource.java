package io.squall.sensors.poll;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a poll sensor gets its JSON document each interval. */
public interface DocumentSource {
    JsonNode fetch() throws IOException, InterruptedException;

    /** What is polled, for messages. */
    String describe();
}
