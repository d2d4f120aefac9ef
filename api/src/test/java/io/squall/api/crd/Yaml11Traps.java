package io.squall.api.crd;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Finds the words a YAML 1.1 reader (kubectl, Go's yaml.v2, Helm) turns into a boolean or null when they are
 * written unquoted: {@code y n yes no on off true false null ~} in any case. In a CRD such a word as a property name
 * (any mapping key), as an enum value or in a {@code required} list silently becomes {@code true}/{@code false}/
 * {@code null}: {@code kubectl apply -f crds/} then installs a schema with a property {@code "true"} instead of
 * {@code on}. Works on the parser's events, so it sees whether a scalar was quoted.
 */
final class Yaml11Traps {

    /** YAML 1.1's bool and null words (yaml.org/type/bool.html, null.html), compared case-insensitively. */
    static final Set<String> WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~");

    /** One unquoted trap word: where it is and what it is. */
    record Trap(String file, int line, int column, String path, String word, String role) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + role + " " + word + " at " + path
                    + " is unquoted: YAML 1.1 (kubectl) reads it as " + meaning(word) + "; quote it or rename it";
        }

        private static String meaning(String word) {
            String lower = word.toLowerCase(Locale.ROOT);
            return lower.equals("null") || lower.equals("~")
                    ? "null"
                    : Set.of("y", "yes", "on", "true").contains(lower) ? "the boolean true" : "the boolean false";
        }
    }

    /** Where the parser is: in a mapping (waiting for a key or a value) or in a sequence, under a key. */
    private static final class Level {
        final boolean mapping;
        final String key;
        boolean expectingKey = true;
        String lastKey;

        Level(boolean mapping, String key) {
            this.mapping = mapping;
            this.key = key;
        }
    }

    private Yaml11Traps() {}

    static boolean isTrapWord(String value) {
        return WORDS.contains(value.toLowerCase(Locale.ROOT));
    }

    /** Every unquoted trap word used as a mapping key, or as an item of an {@code enum} or {@code required} list. */
    static List<Trap> find(String file, String yaml) {
        List<Trap> traps = new ArrayList<>();
        Deque<Level> levels = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        Parser parser = new ParserImpl(new StreamReader(new StringReader(yaml)), new LoaderOptions());
        while (parser.peekEvent() != null) {
            Event event = parser.getEvent();
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    Level parent = levels.peek();
                    String key = parent == null ? "" : parent.mapping ? parent.lastKey : parent.key + "[]";
                    if (parent != null && parent.mapping) {
                        parent.expectingKey = true;
                    }
                    levels.push(new Level(event.getEventId() == Event.ID.MappingStart, key));
                }
                case MappingEnd, SequenceEnd -> {
                    levels.pop();
                    if (!path.isEmpty() && !levels.isEmpty() && levels.peek().mapping) {
                        path.pop();
                    }
                }
                case Scalar -> {
                    ScalarEvent scalar = (ScalarEvent) event;
                    Level level = levels.peek();
                    boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
                    String value = scalar.getValue();
                    if (level == null) {
                        break;
                    }
                    if (level.mapping && level.expectingKey) {
                        if (plain && isTrapWord(value)) {
                            traps.add(trap(file, scalar, path, value, "property name"));
                        }
                        level.lastKey = value;
                        level.expectingKey = false;
                        path.push(value);
                    } else if (level.mapping) {
                        level.expectingKey = true;
                        path.pop();
                    } else if (plain
                            && isTrapWord(value)
                            && (level.key.equals("enum") || level.key.equals("required"))) {
                        traps.add(trap(file, scalar, path, value, level.key + " value"));
                    }
                }
                default -> {
                    // stream and document boundaries, aliases: nothing to check
                }
            }
        }
        return traps;
    }

    private static Trap trap(String file, ScalarEvent scalar, Deque<String> path, String value, String role) {
        List<String> keys = new ArrayList<>(path);
        Collections.reverse(keys);
        return new Trap(
                file,
                scalar.getStartMark().getLine() + 1,
                scalar.getStartMark().getColumn() + 1,
                keys.isEmpty() ? "(top)" : String.join(".", keys),
                value,
                role);
    }
}
