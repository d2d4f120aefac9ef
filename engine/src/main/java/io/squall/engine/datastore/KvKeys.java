package io.squall.engine.datastore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a datastore key lives in the JetStream bucket: {@code kv.<namespace>.system.<key>} and
 * {@code kv.<namespace>.user.<user>.<key>}, so each Kubernetes namespace has its own keys and a listing never crosses
 * into another namespace. A StackStorm key may hold any character and NATS keys may not: every character outside
 * {@code [A-Za-z0-9_-]} is written as {@code =XX} (its UTF-8 bytes in hex); dots of the key stay dots (so a prefix
 * listing is a subject filter) unless they would leave an empty token, and the user (e.g.
 * {@code system:serviceaccount:ns:sa}) is one token.
 */
public final class KvKeys {
    /** Every datastore key starts with it (the bucket also holds the sensors' state, under {@code sensor.}). */
    public static final String ROOT = "kv.";
    /** The NATS subject filter of every datastore key. */
    public static final String ALL = ROOT + ">";
    /** StackStorm names are short; NATS subjects should be too. */
    public static final int MAX_KEY_LENGTH = 512;

    private KvKeys() {}

    /** The bucket key; a key that is empty, too long or a namespace/user that is empty is refused. */
    public static String storageKey(String namespace, KvScope scope, String user, String key) {
        String prefix = scopePrefix(namespace, scope, user);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a datastore key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "datastore key '" + key.substring(0, 40) + "...' is longer than " + MAX_KEY_LENGTH + " characters");
        }
        return prefix + encodeKey(key);
    }

    /** {@code <namespace>.system.} or {@code <namespace>.user.<user>.}: every key of a scope starts with it. */
    public static String scopePrefix(String namespace, KvScope scope, String user) {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("a datastore key needs a namespace");
        }
        if (scope == KvScope.USER) {
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("the user scope needs a user (who created the Execution)");
            }
            return ROOT + escape(namespace) + ".user." + escape(user) + ".";
        }
        return ROOT + escape(namespace) + ".system.";
    }

    /** The StackStorm key of a bucket key under {@code scopePrefix}, or empty if it is not under it. */
    public static Optional<String> keyOf(String storageKey, String scopePrefix) {
        if (!storageKey.startsWith(scopePrefix)) {
            return Optional.empty();
        }
        return Optional.of(unescape(storageKey.substring(scopePrefix.length())));
    }

    /** The NATS subject filter for the keys of a scope that start with {@code prefix} (a StackStorm key prefix). */
    public static String filter(String scopePrefix, String prefix) {
        // a prefix that ends inside a token cannot be a subject filter: list the widest token boundary and filter after
        String encoded = prefix == null || prefix.isEmpty() ? "" : encodeKey(prefix);
        int dot = encoded.lastIndexOf('.');
        return dot < 0 ? scopePrefix + ">" : scopePrefix + encoded.substring(0, dot) + ".>";
    }

    static String encodeKey(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        String[] tokens = key.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                // a dot that would leave an empty token (leading, trailing, doubled) is escaped with its neighbour
                boolean emptyAround = tokens[i - 1].isEmpty() || tokens[i].isEmpty();
                out.append(emptyAround ? "=2E" : ".");
            }
            out.append(escape(tokens[i]));
        }
        return out.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                out.append(c);
            } else {
                out.append('=')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=' && i + 2 < text.length()) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
