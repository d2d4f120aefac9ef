package io.squall.api.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One trigger instance on the wire (StackStorm TriggerInstance). The id doubles as the JetStream
 * Nats-Msg-Id, so a republished event is dropped by the stream's duplicate window.
 */
public record TriggerEvent(
        String id,
        String type,
        String namespace,
        JsonNode payload,
        Instant occurredAt,
        String source,
        String traceTag) {

    @JsonCreator
    public TriggerEvent(
            @JsonProperty("id") String id,
            @JsonProperty("type") String type,
            @JsonProperty("namespace") String namespace,
            @JsonProperty("payload") JsonNode payload,
            @JsonProperty("occurredAt") Instant occurredAt,
            @JsonProperty("source") String source,
            @JsonProperty("traceTag") String traceTag) {
        this.id = require(id, "id");
        this.type = require(type, "type");
        this.namespace = require(namespace, "namespace");
        this.payload = payload == null ? NullNode.getInstance() : payload;
        this.occurredAt = occurredAt == null ? Instant.now() : occurredAt;
        this.source = source;
        this.traceTag = traceTag;
    }

    /** A new event with a random id, occurring now. */
    public static TriggerEvent of(String type, String namespace, JsonNode payload, String source) {
        String id = UUID.randomUUID().toString();
        return new TriggerEvent(id, type, namespace, payload, Instant.now(), source, source + "-" + id);
    }

    public String subject() {
        return Subjects.trigger(namespace, type);
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MalformedMessageException("trigger event: missing required field '" + field + "'");
        }
        return value;
    }
}
