package io.squall.engine.criteria;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A criteria key such as {@code trigger.body['a.b'].items[0].name#second}: the JSONPath subset StackStorm rules
 * use (jsonpath_rw): dotted names (letters, digits, {@code _ @ -}), quoted names ({@code ['a.b']}, {@code ."a b"}),
 * array indexes ({@code [0]}) and wildcards ({@code *}, {@code [*]}). A {@code #tag} suffix outside quotes is
 * ignored, so one field can carry several criteria. Like StackStorm, the first match is the value.
 */
public final class KeyPath {
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, KeyPath> CACHE = new ConcurrentHashMap<>();

    private sealed interface Step permits Name, Index, Wildcard {}

    private record Name(String name) implements Step {}

    private record Index(int index) implements Step {}

    private record Wildcard() implements Step {}

    private final String text;
    private final List<Step> steps;

    private KeyPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Parses a key; throws {@link CriterionException} naming the key when the syntax is not supported. */
    public static KeyPath parse(String key) {
        KeyPath cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        KeyPath parsed = new Parser(key).parse();
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear(); // bounded: keys normally come from a few hundred rules
        }
        CACHE.put(key, parsed);
        return parsed;
    }

    /** The key without its {@code #tag}. */
    public String text() {
        return text;
    }

    /** The first name of the path, e.g. {@code trigger}. */
    public String root() {
        return steps.get(0) instanceof Name n ? n.name() : "";
    }

    /** The first value the path selects in {@code root}, or Java null when it selects nothing. */
    public JsonNode find(JsonNode root) {
        return find(root, 0);
    }

    private JsonNode find(JsonNode node, int from) {
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step instanceof Name n) {
                node = node.isObject() ? node.get(n.name()) : null;
            } else if (step instanceof Index ix) {
                node = node.isArray() ? node.get(ix.index()) : null;
            } else {
                if (!node.isContainerNode()) {
                    return null;
                }
                for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                    JsonNode found = find(it.next(), i + 1);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** How many leading steps of the path exist in template values (maps and lists), starting at {@code context}. */
    public int existingSteps(Map<String, ?> context) {
        Object node = context;
        int count = 0;
        for (Step step : steps) {
            Object next = null;
            if (step instanceof Name n && node instanceof Map<?, ?> m && m.containsKey(n.name())) {
                next = m.get(n.name());
            } else if (step instanceof Index ix && node instanceof List<?> l && ix.index() < l.size()) {
                next = l.get(ix.index());
            }
            if (next == null) {
                return count;
            }
            count++;
            node = next;
        }
        return count;
    }

    /** The path text up to and including step {@code count} (1-based). */
    public String prefix(int count) {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < Math.min(count, steps.size()); i++) {
            append(prefix, steps.get(i));
        }
        return prefix.toString();
    }

    public int length() {
        return steps.size();
    }

    private static void append(StringBuilder out, Step step) {
        if (step instanceof Name n) {
            if (n.name().matches("[\\w@-]+")) {
                out.append(out.isEmpty() ? "" : ".").append(n.name());
            } else {
                out.append("['").append(n.name()).append("']");
            }
        } else if (step instanceof Index ix) {
            out.append('[').append(ix.index()).append(']');
        } else {
            out.append(out.isEmpty() ? "*" : ".*");
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** A small recursive-descent parser; errors name the key and the position. */
    private static final class Parser {
        private final String key;
        private final String text;
        private int pos;

        Parser(String key) {
            this.key = key;
            this.text = stripTag(key).strip();
        }

        KeyPath parse() {
            if (text.isEmpty()) {
                throw error("the key is empty");
            }
            List<Step> steps = new ArrayList<>();
            steps.add(dottedStep());
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.') {
                    pos++;
                    steps.add(dottedStep());
                } else if (c == '[') {
                    pos++;
                    steps.add(bracketStep());
                } else {
                    throw error("unexpected '" + c + "'");
                }
            }
            return new KeyPath(text, List.copyOf(steps));
        }

        private Step dottedStep() {
            if (pos < text.length() && text.charAt(pos) == '*') {
                pos++;
                return new Wildcard();
            }
            if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
                return new Name(quoted());
            }
            int start = pos;
            while (pos < text.length() && isNameChar(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a name");
            }
            return new Name(text.substring(start, pos));
        }

        private Step bracketStep() {
            Step step;
            char c = pos < text.length() ? text.charAt(pos) : ']';
            if (c == '\'' || c == '"') {
                step = new Name(quoted());
            } else if (c == '*') {
                pos++;
                step = new Wildcard();
            } else {
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw error("expected a quoted name, an index or * inside [ ]");
                }
                step = new Index(Integer.parseInt(text.substring(start, pos)));
            }
            if (pos >= text.length() || text.charAt(pos) != ']') {
                throw error("expected ']'");
            }
            pos++;
            return step;
        }

        private String quoted() {
            char quote = text.charAt(pos++);
            int end = text.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated quote");
            }
            String name = text.substring(pos, end);
            pos = end + 1;
            return name;
        }

        private static boolean isNameChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '-';
        }

        /** Drops a {@code #tag} suffix; a '#' inside quotes belongs to the name. */
        private static String stripTag(String key) {
            char quote = 0;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '#') {
                    return key.substring(0, i);
                }
            }
            return key;
        }

        private CriterionException error(String what) {
            return new CriterionException("invalid key '" + key + "': " + what + " at position " + pos);
        }
    }
}
