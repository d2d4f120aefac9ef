package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * YAQL's lexer ({@code yaql/language/lexer.py}), rule for rule and in its order: {@code $name}, numbers
 * ({@code \b\d+(\.?\d+)?\b}, no exponent, no sign), {@code name(} as a function call token, bare words (operator
 * words, {@code true/false/null}, otherwise keyword strings; not starting with {@code __}), the three quoted string
 * forms, then operators by longest match. Only space, tab, CR and LF are skipped.
 */
final class Lexer {
    private static final Set<String> WORD_OPERATORS = Set.of("and", "or", "not", "in", "mod");
    // every symbol of YAQL's operator table; matched longest first
    private static final String[] SYMBOLS = {
        "?.", "->", "=>", "=~", "!~", "!=", ">=", "<=", ".", "+", "-", "*", "/", ">", "<", "=", "[", "{", "(", ")", "]",
        "}", ","
    };

    private final String src;
    private int pos;

    Lexer(String src) {
        this.src = src;
    }

    /** All tokens up to and including END (the parser pulls them one by one instead, as PLY does). */
    static List<Token> tokenize(String expression) throws YaqlSyntaxException {
        Lexer lexer = new Lexer(expression);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (!t.is(Token.Type.END));
        return tokens;
    }

    static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The next token; END (repeatedly) at the end. */
    Token next() throws YaqlSyntaxException {
        while (pos < src.length() && " \t\r\n".indexOf(src.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos >= src.length()) {
            return new Token(Token.Type.END, null, "", -1);
        }
        int start = pos;
        char c = src.charAt(pos);
        if (c == '$') {
            int end = wordEnd(pos + 1);
            return token(Token.Type.DOLLAR, src.substring(start, end), end);
        }
        Token number = number();
        if (number != null) {
            return number;
        }
        if (isIdentifierStart(c) && atWordBoundary(pos)) {
            int end = wordEnd(pos);
            String name = src.substring(start, end);
            if (end < src.length() && src.charAt(end) == '(') {
                return token(Token.Type.FUNC, name, end + 1);
            }
            if (!name.startsWith("__")) {
                return word(name, end);
            }
        }
        if (c == '\'' || c == '"' || c == '`') {
            Token quoted = quoted(c);
            if (quoted != null) {
                return quoted;
            }
        }
        for (String symbol : SYMBOLS) {
            if (src.startsWith(symbol, pos)) {
                return token(symbolType(symbol), symbol, pos + symbol.length());
            }
        }
        throw new YaqlSyntaxException(
                "YaqlLexicalException", "Lexical error: illegal character '" + c + "' at position " + pos, pos);
    }

    private Token word(String name, int end) {
        if (WORD_OPERATORS.contains(name)) {
            return token(Token.Type.OPERATOR, name, end);
        }
        return switch (name) {
            case "true" -> token(Token.Type.TRUE, Boolean.TRUE, end);
            case "false" -> token(Token.Type.FALSE, Boolean.FALSE, end);
            case "null" -> token(Token.Type.NULL, null, end);
            default -> token(Token.Type.KEYWORD, name, end);
        };
    }

    private static Token.Type symbolType(String symbol) {
        return switch (symbol) {
            case "(" -> Token.Type.LPAREN;
            case ")" -> Token.Type.RPAREN;
            case "[" -> Token.Type.LBRACKET;
            case "]" -> Token.Type.RBRACKET;
            case "{" -> Token.Type.LBRACE;
            case "}" -> Token.Type.RBRACE;
            case "," -> Token.Type.COMMA;
            case "=>" -> Token.Type.MAPPING;
            default -> Token.Type.OPERATOR;
        };
    }

    private Token token(Token.Type type, Object value, int end) {
        Token t = new Token(type, value, src.substring(pos, end), pos);
        pos = end;
        return t;
    }

    /** {@code \b\d+(\.?\d+)?\b}: the longest alternative ending on a word boundary, as Python's backtracking finds. */
    private Token number() {
        if (!Character.isDigit(src.charAt(pos)) || !atWordBoundary(pos)) {
            return null;
        }
        int intEnd = pos;
        while (intEnd < src.length() && Character.isDigit(src.charAt(intEnd))) {
            intEnd++;
        }
        // with a fraction: digits, '.', digits, then a boundary
        if (intEnd + 1 < src.length() && src.charAt(intEnd) == '.' && Character.isDigit(src.charAt(intEnd + 1))) {
            int fracEnd = intEnd + 1;
            while (fracEnd < src.length() && Character.isDigit(src.charAt(fracEnd))) {
                fracEnd++;
            }
            if (fracEnd >= src.length() || !isWordChar(src.charAt(fracEnd))) {
                String text = src.substring(pos, fracEnd);
                return token(Token.Type.NUMBER, Double.parseDouble(asciiDigits(text)), fracEnd);
            }
        }
        // \d+ followed by \d+ is still digits: any split of the run ends at the same place
        if (intEnd >= src.length() || !isWordChar(src.charAt(intEnd))) {
            return token(Token.Type.NUMBER, PyNumbers.parseInt(asciiDigits(src.substring(pos, intEnd))), intEnd);
        }
        return null;
    }

    private static String asciiDigits(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.chars().forEach(ch -> b.append(ch == '.' ? '.' : (char) ('0' + Character.digit(ch, 10))));
        return b.toString();
    }

    private Token quoted(char quote) {
        int i = pos + 1;
        StringBuilder raw = new StringBuilder();
        while (i < src.length()) {
            char ch = src.charAt(i);
            if (ch == quote) {
                String body = raw.toString();
                String value = quote == '`' ? body.replace("\\`", "`") : Escapes.decode(body);
                return token(Token.Type.STRING, value, i + 1);
            }
            if (ch == '\\') {
                // '.' in Python's regex does not match a newline
                if (i + 1 >= src.length() || src.charAt(i + 1) == '\n') {
                    return null;
                }
                raw.append(ch).append(src.charAt(i + 1));
                i += 2;
            } else {
                raw.append(ch);
                i++;
            }
        }
        return null;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private boolean atWordBoundary(int i) {
        return i == 0 || !isWordChar(src.charAt(i - 1));
    }

    private int wordEnd(int from) {
        int i = from;
        while (i < src.length() && isWordChar(src.charAt(i))) {
            i++;
        }
        return i;
    }
}
