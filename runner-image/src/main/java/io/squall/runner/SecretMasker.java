package io.squall.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Replaces the values of secret parameters with {@value #MASK} in everything the runner shows: live
 * output, captured output, the result and the error. Matching is on the value's bytes, so a secret is
 * masked wherever the action prints it (a short secret may mask more than intended; that errs on the safe side).
 */
public final class SecretMasker {
    public static final String MASK = Names.MASK;
    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);

    /** Longest first, so a secret that contains another is masked whole. */
    private final List<byte[]> secrets;

    private final List<String> secretTexts;

    public SecretMasker(Set<String> values) {
        List<String> texts = values.stream()
                .filter(v -> v != null && !v.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        this.secretTexts = texts;
        this.secrets =
                texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    public static SecretMasker none() {
        return new SecretMasker(Set.of());
    }

    /**
     * Secrets are the parameters the request lists in secretParameters or the action declares secret: true, and the
     * config keys it lists in secretConfig.
     */
    public static SecretMasker forRequest(ExecutionRequest request) {
        Set<String> names = new LinkedHashSet<>(request.secretParameters());
        if (request.action() != null && request.action().parameters != null) {
            for (Map.Entry<String, ParameterSpec> p :
                    request.action().parameters.entrySet()) {
                if (p.getValue() != null && Boolean.TRUE.equals(p.getValue().secret)) {
                    names.add(p.getKey());
                }
            }
        }
        Set<String> values = new LinkedHashSet<>();
        for (String name : names) {
            JsonNode value = request.parameters().get(name);
            if (value != null && !value.isNull()) {
                collect(value, values);
            }
        }
        // the pack config's secret keys (from its Secret) too
        for (String name : request.secretConfig()) {
            JsonNode value = request.config().get(name);
            if (value != null && !value.isNull()) {
                collect(value, values);
            }
        }
        return new SecretMasker(values);
    }

    /** A structured secret is masked as its JSON text and as each string inside it. */
    private static void collect(JsonNode value, Set<String> into) {
        if (value.isContainerNode()) {
            into.add(value.toString());
            value.forEach(child -> collect(child, into));
        } else {
            into.add(value.asText());
        }
    }

    public boolean hasSecrets() {
        return !secrets.isEmpty();
    }

    /** Bytes a streaming masker may hold back because they could be the start of a secret. */
    int longestSecretBytes() {
        return secrets.isEmpty() ? 0 : secrets.get(0).length;
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secretTexts) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    public byte[] mask(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        Streaming streaming = streaming(chunk -> out.writeBytes(chunk));
        streaming.write(data, 0, data.length);
        streaming.finish();
        return out.toByteArray();
    }

    /** A copy of the tree with every string (and field name) masked. */
    public JsonNode mask(JsonNode node) {
        if (node == null || secrets.isEmpty()) {
            return node;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(mask(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(mask(e.getKey()), mask(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> copy.add(mask(child)));
            return copy;
        }
        return node;
    }

    /** Masks a byte stream that arrives in arbitrary chunks; a secret split across chunks is still masked. */
    public Streaming streaming(Consumer<byte[]> sink) {
        return new Streaming(sink);
    }

    /**
     * Holds back at most (longest secret - 1) bytes, and only those that may be the start of a secret: anything
     * else is either part of a complete match (masked) or cannot start a secret, so it is passed on at once and
     * live output stays live.
     */
    public final class Streaming {
        private final Consumer<byte[]> sink;
        private byte[] pending = new byte[0];

        private Streaming(Consumer<byte[]> sink) {
            this.sink = sink;
        }

        public void write(byte[] data, int offset, int length) {
            if (secrets.isEmpty()) {
                byte[] copy = new byte[length];
                System.arraycopy(data, offset, copy, 0, length);
                sink.accept(copy);
                return;
            }
            byte[] joined = new byte[pending.length + length];
            System.arraycopy(pending, 0, joined, 0, pending.length);
            System.arraycopy(data, offset, joined, pending.length, length);
            pending = emit(joined, heldFrom(joined));
        }

        /**
         * Where the bytes that could still become a secret begin: the earliest of the last (longest secret - 1)
         * positions from which the rest is the start of a secret; the end when there is none, so a line is
         * passed on at once unless it ends in what may start a secret.
         */
        private int heldFrom(byte[] data) {
            for (int at = Math.max(0, data.length - (longestSecretBytes() - 1)); at < data.length; at++) {
                for (byte[] secret : secrets) {
                    if (startsSecret(data, at, secret)) {
                        return at;
                    }
                }
            }
            return data.length;
        }

        /** End of stream: nothing more can complete a secret, so everything held back goes out. */
        public void finish() {
            if (pending.length > 0) {
                pending = emit(pending, pending.length);
            }
        }

        /** Emits data[0, safeEnd) (extended to the end of a match that starts before it) and returns the rest. */
        private byte[] emit(byte[] data, int safeEnd) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            int i = 0;
            while (i < safeEnd) {
                byte[] match = matchAt(data, i);
                if (match != null) {
                    out.write(MASK_BYTES, 0, MASK_BYTES.length);
                    i += match.length;
                } else {
                    out.write(data[i]);
                    i++;
                }
            }
            if (out.size() > 0) {
                sink.accept(out.toByteArray());
            }
            byte[] rest = new byte[data.length - i];
            System.arraycopy(data, i, rest, 0, rest.length);
            return rest;
        }

        private byte[] matchAt(byte[] data, int at) {
            for (byte[] secret : secrets) {
                if (at + secret.length <= data.length && regionEquals(data, at, secret)) {
                    return secret;
                }
            }
            return null;
        }
    }

    /** data[at..] is a proper start of the secret (shorter than it: a whole one is a match, not held back). */
    private static boolean startsSecret(byte[] data, int at, byte[] secret) {
        int length = data.length - at;
        if (length >= secret.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (data[at + k] != secret[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionEquals(byte[] data, int at, byte[] secret) {
        for (int k = 0; k < secret.length; k++) {
            if (data[at + k] != secret[k]) {
                return false;
            }
        }
        return true;
    }
}
