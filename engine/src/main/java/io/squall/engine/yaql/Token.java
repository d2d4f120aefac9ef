package io.squall.engine.yaql;

/** One lexeme: its type, its value (decoded string, number, name) and its offset in the expression. */
record Token(Type type, Object value, String text, int position) {
    enum Type {
        NUMBER,
        STRING,
        KEYWORD,
        FUNC,
        DOLLAR,
        TRUE,
        FALSE,
        NULL,
        /** an operator symbol or word: {@code text} is the symbol ({@code +}, {@code and}, {@code ?.}) */
        OPERATOR,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        LBRACE,
        RBRACE,
        COMMA,
        MAPPING,
        END
    }

    boolean is(Type t) {
        return type == t;
    }

    boolean isOperator(String symbol) {
        return type == Type.OPERATOR && text.equals(symbol);
    }

    /** The token as PLY's {@code p.value} prints in a parse error: Python's str() of the lexer value. */
    String errorValue() {
        return switch (type) {
            case TRUE -> "True";
            case FALSE -> "False";
            case NULL -> "None";
            case NUMBER -> PyRepr.number(value);
            case STRING, KEYWORD, FUNC -> (String) value;
            default -> text;
        };
    }
}
