package io.squall.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import io.squall.engine.JsonNumbers;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The bridge between JSON and Jinjava. Payloads enter templates as read-only views (no copying); JSON null becomes
 * {@link PyNone} so a present-but-null field renders as {@code None} and is falsy, as in Python, instead of being
 * mistaken for an undefined variable. {@link #toJson} turns template values back into JSON (to_complex).
 */
public final class JinjaValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JinjaValues() {}

    /** Python's None inside templates: renders as None, is falsy, becomes JSON null. */
    public enum PyNone implements PyishSerializable, HasObjectTruthValue {
        NONE;

        @Override
        public boolean getObjectTruthValue() {
            return false;
        }

        @Override
        public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            appendable.append("None");
            return appendable;
        }

        @Override
        public String toString() {
            return "None";
        }
    }

    /** A JSON value as a template value. */
    public static Object wrap(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return PyNone.NONE;
        }
        if (node.isObject()) {
            return new ObjectView(node);
        }
        if (node.isArray()) {
            return new ArrayView(node);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : node.doubleValue();
        }
        return node.asText();
    }

    /** A template value as JSON (StackStorm's to_complex); null stays null (an undefined value). */
    public static JsonNode toJson(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof PyNone) {
            return NODES.nullNode();
        }
        if (value instanceof ObjectView v) {
            return v.node;
        }
        if (value instanceof ArrayView v) {
            return v.node;
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof KvValues.Missing missing) {
            throw KvValues.missing(missing);
        }
        if (value instanceof KvValues.Secret) {
            return NODES.textNode(io.squall.api.v1alpha1.Names.MASK);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JsonNumbers.integer(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return JsonNumbers.integer(b);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), orNull(toJson(v))));
            return object;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(v -> array.add(orNull(toJson(v))));
            return array;
        }
        if (value instanceof Object[] items) {
            ArrayNode array = NODES.arrayNode();
            for (Object v : items) {
                array.add(orNull(toJson(v)));
            }
            return array;
        }
        return NODES.textNode(value.toString()); // strings, SafeString, dates: their text
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NODES.nullNode() : node;
    }

    /** A JSON object as a read-only map. */
    static final class ObjectView extends AbstractMap<String, Object> {
        private final JsonNode node;

        ObjectView(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object get(Object key) {
            JsonNode child = key instanceof String k ? node.get(k) : null;
            return child == null ? null : wrap(child);
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String k && node.has(k);
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Entry<String, JsonNode>> fields = node.fields();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return fields.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            Entry<String, JsonNode> field = fields.next();
                            return new SimpleImmutableEntry<>(field.getKey(), wrap(field.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return node.size();
                }
            };
        }
    }

    /** A JSON array as a read-only list. */
    static final class ArrayView extends AbstractList<Object> {
        private final JsonNode node;

        ArrayView(JsonNode node) {
            this.node = node;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= node.size()) {
                throw new IndexOutOfBoundsException("index " + index + " of a list of " + node.size());
            }
            return wrap(node.get(index));
        }

        @Override
        public int size() {
            return node.size();
        }
    }
}
