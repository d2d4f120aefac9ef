package io.squall.engine.yaql;

/**
 * An expression that does not lex or parse. The message is YAQL's own, e.g.
 * {@code Parse error: unexpected '<' at position 0 of expression '<% succeeded()'}; {@link #kind()} is the Python
 * class name ({@code YaqlGrammarException}, {@code YaqlLexicalException}) so callers can format {@code Kind: message}.
 */
public class YaqlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final int position;

    public YaqlSyntaxException(String kind, String message, int position) {
        super(message);
        this.kind = kind;
        this.position = position;
    }

    /** {@code YaqlGrammarException} or {@code YaqlLexicalException}. */
    public String kind() {
        return kind;
    }

    /** Offset of the offending character or token in the expression; -1 at the end of the statement. */
    public int position() {
        return position;
    }
}
