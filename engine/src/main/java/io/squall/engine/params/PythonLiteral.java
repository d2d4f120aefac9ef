package io.squall.engine.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.engine.JsonNumbers;

/**
 * Python's {@code ast.literal_eval} for the literals parameters carry: dicts, lists, tuples, quoted strings,
 * numbers, True/False/None (and JSON's true/false/null). StackStorm casts a string to an object or array with
 * json.loads and falls back to literal_eval, so {@code "{'a': 1}"} is a valid object value.
 */
final class PythonLiteral {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private int pos;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** Parses the whole text; throws IllegalArgumentException saying where it is not a literal. */
    static JsonNode parse(String text) {
        PythonLiteral parser = new PythonLiteral(text);
        JsonNode value = parser.value();
        parser.spaces();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the value");
        }
        return value;
    }

    private JsonNode value() {
        spaces();
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> dict();
            case '[' -> sequence('[', ']');
            case '(' -> sequence('(', ')');
            case '\'', '"' -> NODES.textNode(string());
            default -> c == '-' || c == '+' || c == '.' || Character.isDigit(c) ? number() : word();
        };
    }

    private ObjectNode dict() {
        ObjectNode object = NODES.objectNode();
        pos++;
        while (true) {
            spaces();
            if (peek('}')) {
                pos++;
                return object;
            }
            JsonNode key = value();
            spaces();
            expect(':');
            object.set(key.isTextual() ? key.textValue() : key.toString(), value());
            spaces();
            if (!peek('}')) {
                expect(',');
            }
        }
    }

    private ArrayNode sequence(char open, char close) {
        ArrayNode array = NODES.arrayNode();
        pos++;
        while (true) {
            spaces();
            if (peek(close)) {
                pos++;
                return array;
            }
            array.add(value());
            spaces();
            if (!peek(close)) {
                expect(',');
            }
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos++);
            if (c != '\\' || pos >= text.length()) {
                out.append(c);
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '0' -> out.append('\0');
                case 'x' -> out.appendCodePoint(hex(2));
                case 'u' -> out.appendCodePoint(hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                default -> out.append(e); // \\ \' \" and unknown escapes
            }
        }
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        pos++;
        return out.toString();
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw error("truncated escape");
        }
        int cp = Integer.parseInt(text.substring(pos, pos + digits), 16);
        pos += digits;
        return cp;
    }

    private JsonNode number() {
        int start = pos;
        while (pos < text.length() && "+-.eE_0123456789".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String n = text.substring(start, pos).replace("_", "");
        try {
            if (n.matches("[+-]?\\d+")) {
                return JsonNumbers.integer(new java.math.BigInteger(n));
            }
            return NODES.numberNode(Double.parseDouble(n));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("not a number");
        }
    }

    private JsonNode word() {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        return switch (text.substring(start, pos)) {
            case "True", "true" -> NODES.booleanNode(true);
            case "False", "false" -> NODES.booleanNode(false);
            case "None", "null" -> NODES.nullNode();
            default -> {
                pos = start;
                throw error("not a literal");
            }
        };
    }

    private void spaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos);
    }
}
