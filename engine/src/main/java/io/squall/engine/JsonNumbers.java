package io.squall.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;

/** Integers as the node Jackson's parser would produce (int, long or big), so equal values are equal nodes. */
public final class JsonNumbers {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonNumbers() {}

    public static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    public static JsonNode integer(BigInteger value) {
        return value.bitLength() < 64 ? integer(value.longValue()) : NODES.numberNode(value);
    }
}
