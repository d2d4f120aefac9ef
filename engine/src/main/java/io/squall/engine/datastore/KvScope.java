package io.squall.engine.datastore;

import java.util.Locale;
import java.util.Optional;

/**
 * StackStorm's datastore scopes: {@code system} (shared by the namespace's rules, actions and workflows) and
 * {@code user} (keys of the identity that created the Execution). {@code st2kv.system} and {@code st2kv.user} are
 * accepted as the same names.
 */
public enum KvScope {
    SYSTEM,
    USER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code system}, {@code st2kv.system}, {@code user}, {@code st2kv.user}; empty for anything else. */
    public static Optional<KvScope> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.startsWith("st2kv.") ? text.substring("st2kv.".length()) : text;
        return switch (t) {
            case "system" -> Optional.of(SYSTEM);
            case "user" -> Optional.of(USER);
            default -> Optional.empty();
        };
    }
}
