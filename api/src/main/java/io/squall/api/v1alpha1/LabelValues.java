package io.squall.api.v1alpha1;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The label value Squall puts on an object for a name, trigger id or trace tag: the operator writes it (rule, trigger
 * id, trace, parent, root labels) and the command line selects by it ({@code squall trace}), so both convert alike.
 */
public final class LabelValues {
    /** The longest label value Kubernetes accepts. */
    public static final int MAX = 63;
    /** Hex digits of SHA-256 appended to a value that had to be changed. */
    public static final int HASH_LENGTH = 10;

    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern NOT_LABEL_CHAR = Pattern.compile("[^-A-Za-z0-9_.]");

    private LabelValues() {}

    /**
     * The value itself when it is a valid label value; otherwise (too long, or characters a label cannot hold,
     * e.g. a trigger id with ':' or '/') its valid characters trimmed, then '-' and a hash of the whole value, so
     * distinct values keep distinct labels.
     */
    public static String of(String value) {
        if (value.length() <= MAX && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        String cleaned = trimEnd(trimStart(NOT_LABEL_CHAR.matcher(value).replaceAll("-")), MAX - HASH_LENGTH - 1);
        return cleaned.isEmpty() ? hash(value) : cleaned + "-" + hash(value);
    }

    /** The first {@value #HASH_LENGTH} hex digits of the SHA-256 of the value's UTF-8 bytes. */
    public static String hash(String value) {
        return sha256Hex(value).substring(0, HASH_LENGTH);
    }

    /** The SHA-256 of the value's UTF-8 bytes in lower-case hex: every name and content hash of Squall's objects. */
    public static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Cut to at most {@code max} chars, then drop trailing characters a name or label may not end with. */
    public static String trimEnd(String value, int max) {
        String cut = value.length() > max ? value.substring(0, max) : value;
        int end = cut.length();
        while (end > 0 && !isAsciiAlphanumeric(cut.charAt(end - 1))) {
            end--;
        }
        return cut.substring(0, end);
    }

    private static String trimStart(String value) {
        int start = 0;
        while (start < value.length() && !isAsciiAlphanumeric(value.charAt(start))) {
            start++;
        }
        return value.substring(start);
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
