package io.squall.engine.yaql;

import java.util.List;

/** The syntax tree. Immutable records, so a parsed expression is safe to share between threads. */
sealed interface Node {
    /** A literal: number, quoted string, true, false, null. */
    record Constant(Object value) implements Node {}

    /** A bare word that is not a call: the string itself ({@code list(a, b)} is {@code ["a", "b"]}). */
    record Keyword(String name) implements Node {}

    /** {@code $} (the current data) or {@code $name}; {@code name} is without the {@code $}, "" for {@code $}. */
    record ContextRef(String name) implements Node {}

    /** {@code ( value )}: evaluates to its content, but is no attribute name or method call on the right of '.'. */
    record Paren(Node inner) implements Node {}

    /** {@code name(args)}; args may hold {@link MappingRule}s ({@code name => value}) and {@link Skip}s. */
    record Call(String name, List<Node> args, int position) implements Node {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code left op right} for every binary operator, '.' and '?.' included. */
    record Binary(String op, Node left, Node right) implements Node {}

    /** {@code op operand} for unary {@code + - not}. */
    record Unary(String op, Node operand) implements Node {}

    /** {@code target[args]}. */
    record Index(Node target, List<Node> args) implements Node {
        public Index {
            args = List.copyOf(args);
        }
    }

    /** {@code [args]}. */
    record ListLit(List<Node> items) implements Node {
        public ListLit {
            items = List.copyOf(items);
        }
    }

    /** {@code {args}}. */
    record MapLit(List<Node> entries) implements Node {
        public MapLit {
            entries = List.copyOf(entries);
        }
    }

    /** {@code key => value} inside an argument list. */
    record MappingRule(Node key, Node value) implements Node {}

    /** An empty argument slot, as in {@code f(, 1)} (YAQL's NO_VALUE). */
    record Skip() implements Node {}
}
