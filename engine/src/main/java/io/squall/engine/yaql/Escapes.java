package io.squall.engine.yaql;

/**
 * The escape sequences YAQL decodes in quoted strings ({@code lexer.decode_escapes}): {@code \\UXXXXXXXX},
 * {@code \\uXXXX}, {@code \\xXX}, octal {@code \\ooo}, {@code \\N{name}} and {@code \\\\ \\' \\" \\a \\b \\f \\n \\r
 * \\t \\v}. Any other backslash sequence is kept as written, which is what makes {@code '\\d+'} a usable regex.
 */
final class Escapes {
    private Escapes() {}

    static String decode(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            int consumed = decodeOne(s, i, out);
            if (consumed == 0) {
                out.append(c);
                i++;
            } else {
                i += consumed;
            }
        }
        return out.toString();
    }

    /** Appends the decoded sequence at {@code i} and returns its length, or 0 when it is no escape YAQL knows. */
    private static int decodeOne(String s, int i, StringBuilder out) {
        char e = s.charAt(i + 1);
        switch (e) {
            case 'U':
                return hex(s, i, 8, out);
            case 'u':
                return hex(s, i, 4, out);
            case 'x':
                return hex(s, i, 2, out);
            case 'N':
                return named(s, i, out);
            case '\\', '\'', '"':
                out.append(e);
                return 2;
            case 'a':
                out.append('\u0007');
                return 2;
            case 'b':
                out.append('\b');
                return 2;
            case 'f':
                out.append('\f');
                return 2;
            case 'n':
                out.append('\n');
                return 2;
            case 'r':
                out.append('\r');
                return 2;
            case 't':
                out.append('\t');
                return 2;
            case 'v':
                out.append('\u000b');
                return 2;
            default:
                break;
        }
        if (e >= '0' && e <= '7') {
            int end = i + 1;
            while (end < s.length() && end < i + 4 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                end++;
            }
            out.appendCodePoint(Integer.parseInt(s.substring(i + 1, end), 8));
            return end - i;
        }
        return 0;
    }

    private static int hex(String s, int i, int digits, StringBuilder out) {
        int end = i + 2 + digits;
        if (end > s.length()) {
            return 0;
        }
        try {
            int cp = Integer.parseInt(s.substring(i + 2, end), 16);
            if (!Character.isValidCodePoint(cp)) {
                return 0;
            }
            out.appendCodePoint(cp);
            return end - i;
        } catch (NumberFormatException ex) {
            return 0;
        }
    }

    private static int named(String s, int i, StringBuilder out) {
        if (i + 2 >= s.length() || s.charAt(i + 2) != '{') {
            return 0;
        }
        int close = s.indexOf('}', i + 3);
        if (close < 0) {
            return 0;
        }
        try {
            out.appendCodePoint(Character.codePointOf(s.substring(i + 3, close)));
            return close + 1 - i;
        } catch (IllegalArgumentException ex) {
            return 0;
        }
    }
}
