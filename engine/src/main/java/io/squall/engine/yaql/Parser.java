package io.squall.engine.yaql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A precedence-climbing parser for YAQL's grammar ({@code yaql/language/parser.py} and the operator table of
 * {@code factory.py}), reporting errors at the same token as YAQL's LALR parser and in its words. Levels, tightest
 * first: {@code . ?.}; indexer {@code [ ]}; unary {@code + -}; {@code =~ !~}; {@code * / mod}; {@code + -};
 * {@code > < >= <= != = in}; unary {@code not}; {@code and}; {@code or}; {@code ->} (right-associative).
 * The whole expression is one value. Recursion is bounded, so deep nesting is a syntax error, not a stack overflow.
 */
final class Parser {
    /** Nesting bound of the parser's recursion, matching the default evaluation depth. */
    static final int MAX_DEPTH = YaqlLimits.DEFAULT.maxDepth();

    private static final int TOP = 12;
    private static final int UNARY_SIGN = 3;
    private static final int UNARY_NOT = 8;
    private static final int INDEXER = 2;
    private static final Map<String, Integer> BINARY = Map.ofEntries(
            Map.entry(".", 1),
            Map.entry("?.", 1),
            Map.entry("=~", 4),
            Map.entry("!~", 4),
            Map.entry("*", 5),
            Map.entry("/", 5),
            Map.entry("mod", 5),
            Map.entry("+", 6),
            Map.entry("-", 6),
            Map.entry(">", 7),
            Map.entry("<", 7),
            Map.entry(">=", 7),
            Map.entry("<=", 7),
            Map.entry("!=", 7),
            Map.entry("=", 7),
            Map.entry("in", 7),
            Map.entry("and", 9),
            Map.entry("or", 10),
            Map.entry("->", 11));

    private final String source;
    private final Lexer lexer;
    /** The lookahead; tokens are lexed on demand so a parse error before a lexical one wins, as in PLY. */
    private Token current;

    private int depth;

    private Parser(String source) {
        this.source = source;
        this.lexer = new Lexer(source);
    }

    static Node parse(String expression) throws YaqlSyntaxException {
        Parser parser = new Parser(expression);
        Node root = parser.expression(TOP);
        parser.expect(Token.Type.END);
        // a flat chain (1 + 1 + ...) makes a deep tree without deep parser recursion; the evaluator would recurse
        if (deeperThan(root, MAX_DEPTH)) {
            throw parser.tooDeep(-1);
        }
        return root;
    }

    /** Whether the tree is deeper than {@code limit}; recursion stops at the limit. */
    static boolean deeperThan(Node n, int limit) {
        if (limit <= 0) {
            return true;
        }
        for (Node child : children(n)) {
            if (deeperThan(child, limit - 1)) {
                return true;
            }
        }
        return false;
    }

    private static List<Node> children(Node n) {
        if (n instanceof Node.Paren p) {
            return List.of(p.inner());
        } else if (n instanceof Node.Call c) {
            return c.args();
        } else if (n instanceof Node.Binary b) {
            return List.of(b.left(), b.right());
        } else if (n instanceof Node.Unary u) {
            return List.of(u.operand());
        } else if (n instanceof Node.Index i) {
            List<Node> all = new ArrayList<>(i.args());
            all.add(i.target());
            return all;
        } else if (n instanceof Node.ListLit l) {
            return l.items();
        } else if (n instanceof Node.MapLit m) {
            return m.entries();
        } else if (n instanceof Node.MappingRule r) {
            return List.of(r.key(), r.value());
        }
        return List.of();
    }

    private Node expression(int limit) throws YaqlSyntaxException {
        enter();
        Node left = prefix();
        while (true) {
            Token t = peek();
            if (t.is(Token.Type.OPERATOR) && BINARY.containsKey(t.text())) {
                int level = BINARY.get(t.text());
                if (level >= limit) {
                    break;
                }
                advance();
                boolean rightAssociative = t.text().equals("->");
                Node right = expression(rightAssociative ? level + 1 : level);
                left = new Node.Binary(t.text(), left, right);
            } else if (t.is(Token.Type.LBRACKET) && INDEXER < limit) {
                advance();
                List<Node> args = arguments(Token.Type.RBRACKET);
                expect(Token.Type.RBRACKET);
                left = new Node.Index(left, args);
            } else {
                break;
            }
        }
        depth--;
        return left;
    }

    private Node prefix() throws YaqlSyntaxException {
        Token t = peek();
        advance();
        switch (t.type()) {
            case NUMBER, STRING, TRUE, FALSE, NULL:
                return new Node.Constant(t.value());
            case KEYWORD:
                return new Node.Keyword((String) t.value());
            case DOLLAR:
                return new Node.ContextRef(t.text().substring(1));
            case FUNC: {
                List<Node> args = arguments(Token.Type.RPAREN);
                expect(Token.Type.RPAREN);
                return new Node.Call((String) t.value(), args, t.position());
            }
            case LPAREN: {
                Node inner = expression(TOP);
                expect(Token.Type.RPAREN);
                return new Node.Paren(inner);
            }
            case LBRACKET: {
                List<Node> items = arguments(Token.Type.RBRACKET);
                expect(Token.Type.RBRACKET);
                return new Node.ListLit(items);
            }
            case LBRACE: {
                List<Node> entries = arguments(Token.Type.RBRACE);
                expect(Token.Type.RBRACE);
                return new Node.MapLit(entries);
            }
            case OPERATOR:
                if (t.text().equals("+") || t.text().equals("-")) {
                    return new Node.Unary(t.text(), expression(UNARY_SIGN));
                }
                if (t.text().equals("not")) {
                    return new Node.Unary("not", expression(UNARY_NOT));
                }
                throw unexpected(t);
            default:
                throw unexpected(t);
        }
    }

    /**
     * YAQL's {@code args}: positional values, empty slots made by a leading or doubled comma, then
     * {@code name => value} pairs (which may only follow a position where a value was given); no trailing comma.
     */
    private List<Node> arguments(Token.Type closing) throws YaqlSyntaxException {
        List<Node> args = new ArrayList<>();
        if (peek().is(closing)) {
            return args;
        }
        boolean named = false;
        boolean sawValue = false;
        while (true) {
            if (!named && peek().is(Token.Type.COMMA)) {
                advance();
                args.add(new Node.Skip());
                continue;
            }
            Node value = expression(TOP);
            if (peek().is(Token.Type.MAPPING)) {
                if (!sawValue && !args.isEmpty()) {
                    throw unexpected(peek());
                }
                advance();
                args.add(new Node.MappingRule(value, expression(TOP)));
                named = true;
            } else if (named) {
                throw unexpected(peek());
            } else {
                args.add(value);
            }
            sawValue = true;
            if (!peek().is(Token.Type.COMMA)) {
                return args;
            }
            advance();
            if (peek().is(closing)) {
                throw unexpected(peek());
            }
        }
    }

    private void enter() throws YaqlSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw tooDeep(peek().position());
        }
    }

    private YaqlSyntaxException tooDeep(int position) {
        return new YaqlSyntaxException(
                "YaqlGrammarException",
                "Parse error: expression nested deeper than " + MAX_DEPTH + " levels in expression '" + source + "'",
                position);
    }

    private Token peek() throws YaqlSyntaxException {
        if (current == null) {
            current = lexer.next();
        }
        return current;
    }

    private void advance() {
        current = null;
    }

    private void expect(Token.Type type) throws YaqlSyntaxException {
        Token t = peek();
        if (!t.is(type)) {
            throw unexpected(t);
        }
        advance();
    }

    private YaqlSyntaxException unexpected(Token t) {
        if (t.is(Token.Type.END)) {
            return new YaqlSyntaxException("YaqlGrammarException", "Parse error: unexpected end of statement", -1);
        }
        return new YaqlSyntaxException(
                "YaqlGrammarException",
                "Parse error: unexpected '" + t.errorValue() + "' at position " + t.position() + " of expression '"
                        + source + "'",
                t.position());
    }
}
