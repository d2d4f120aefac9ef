package io.squall.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a JSON value survives a trip through Kubernetes unchanged. The API server decodes a custom resource's
 * JSON numbers into 64-bit integers or 64-bit floats and encodes them back, and turns text that is not Unicode into
 * U+FFFD; so an integer outside the 64-bit range, a number a 64-bit float does not hold exactly (or at all:
 * {@code 1e400}), an unpaired UTF-16 surrogate (JSON {@code "\ud800"}) or a value nested deeper than the limit would
 * be stored as something else than what was sent. Squall refuses such values, saying where they are, instead of
 * changing them silently.
 */
public final class StorableJson {
    /** How deep a trigger body may nest (the wire adds a few levels; Jackson's own limit is 1000). */
    public static final int MAX_DEPTH = 500;

    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private StorableJson() {}

    /**
     * The first problem in {@code value}, as {@code "<path>: <what>"} with {@code path} the JSON path from
     * {@code root} (e.g. {@code body.items[2].count}), or empty when Kubernetes keeps the value exactly.
     */
    public static Optional<String> problem(String root, JsonNode value) {
        return problem(root, value, 0);
    }

    private static Optional<String> problem(String path, JsonNode value, int depth) {
        if (value == null) {
            return Optional.empty();
        }
        if (depth > MAX_DEPTH) {
            return Optional.of(path + ": nested more than " + MAX_DEPTH + " levels deep");
        }
        if (value.isTextual()) {
            return surrogate(value.textValue()).map(why -> path + ": " + why);
        }
        if (value.isIntegralNumber()) {
            BigInteger integer = value.bigIntegerValue();
            if (integer.compareTo(MIN_LONG) < 0 || integer.compareTo(MAX_LONG) > 0) {
                return Optional.of(path + ": the integer " + integer + " is outside the 64-bit range that Kubernetes "
                        + "stores exactly");
            }
            return Optional.empty();
        }
        if (value.isNumber()) {
            double asDouble = value.doubleValue();
            if (Double.isNaN(asDouble) || Double.isInfinite(asDouble)) {
                return Optional.of(path + ": the number " + value.asText() + " is beyond what a 64-bit float holds, "
                        + "as Kubernetes stores numbers");
            }
            if (value.isBigDecimal()) {
                BigDecimal stored = shortest(asDouble);
                if (stored.compareTo(value.decimalValue()) != 0) {
                    return Optional.of(path + ": the number " + value.decimalValue() + " would be stored as "
                            + stored.stripTrailingZeros() + " (Kubernetes stores numbers as 64-bit floats)");
                }
            }
            return Optional.empty();
        }
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path
                        + (isIdentifier(field.getKey()) ? "." + field.getKey() : "[" + quoted(field.getKey()) + "]");
                Optional<String> key = surrogate(field.getKey()).map(why -> child + " (the key): " + why);
                if (key.isPresent()) {
                    return key;
                }
                Optional<String> found = problem(child, field.getValue(), depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                Optional<String> found = problem(path + "[" + i + "]", value.get(i), depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The decimal a JSON encoder writes for {@code d} (the shortest that reads back as {@code d}, as Go's and Java
     * 19's do; Java 17's Double.toString is sometimes longer, e.g. 4.9E-324 for 5e-324).
     */
    static BigDecimal shortest(double d) {
        if (d == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal candidate = exact.round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate;
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
    }

    private static Optional<String> surrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format(
                        "the text holds an unpaired UTF-16 surrogate \\u%04x at index %d, " + "which is not Unicode",
                        (int) c, i));
            }
        }
        return Optional.empty();
    }

    /** A key as a JSON string, with control characters and surrogates escaped, so a message is always valid text. */
    private static String quoted(String key) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : key.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean isIdentifier(String key) {
        return !key.isEmpty()
                && key.chars().allMatch(c -> c == '_' || c == '-' || Character.isLetterOrDigit(c) && c < 128);
    }
}
