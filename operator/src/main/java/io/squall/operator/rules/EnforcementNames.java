package io.squall.operator.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.squall.api.v1alpha1.Names;

/**
 * Names the rules engine gives what it creates. The Execution name is derived from (namespace, rule, trigger id),
 * so a redelivered trigger finds the Execution of its first delivery (409 AlreadyExists) instead of creating a
 * second one. The Secret with the clear values of secret parameters is {@link Names#secretParametersName}.
 */
public final class EnforcementNames {

    /**
     * On an Execution the rules engine created already failed (its parameters could not be rendered or
     * checked); the value is the error. Its status is written Failed right after the create; the Execution
     * lifecycle must never run such an Execution, even if it sees it before that status write.
     */
    public static final String ENFORCEMENT_ERROR_ANNOTATION = "squall.io/enforcement-error";

    /** A DNS-1123 label (Job names and label values derived from the Execution stay within it). */
    static final int MAX_NAME = 63;
    static final int HASH_LENGTH = 10;

    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern NOT_LABEL_CHAR = Pattern.compile("[^-A-Za-z0-9_.]");

    private EnforcementNames() {
    }

    /** {@code <rule, dots as dashes, trimmed>-<first 10 hex of sha256(namespace/rule/triggerId)>}, at most 63 chars. */
    public static String executionName(String namespace, String rule, String triggerId) {
        String hash = hash(namespace + "/" + rule + "/" + triggerId);
        String prefix = trimEnd(rule.toLowerCase().replace('.', '-'), MAX_NAME - HASH_LENGTH - 1);
        return (prefix.isEmpty() ? "rule" : prefix) + "-" + hash;
    }

    /** The Kubernetes Event recording an enforcement failure of one rule for one trigger. */
    public static String eventName(String namespace, String rule, String triggerId) {
        return rule + "." + hash("event/" + namespace + "/" + rule + "/" + triggerId);
    }

    /**
     * The value itself when it is a valid label value; otherwise (too long, or characters a label cannot hold,
     * e.g. a trigger id with ':' or '/') its valid characters trimmed, then '-' and a hash of the whole value, so
     * distinct values keep distinct labels.
     */
    public static String labelValue(String value) {
        if (value.length() <= MAX_NAME && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        String cleaned = trimEnd(trimStart(NOT_LABEL_CHAR.matcher(value).replaceAll("-")), MAX_NAME - HASH_LENGTH - 1);
        return cleaned.isEmpty() ? hash(value) : cleaned + "-" + hash(value);
    }

    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Cut to at most {@code max} chars, then drop trailing characters a name or label may not end with. */
    private static String trimEnd(String value, int max) {
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
