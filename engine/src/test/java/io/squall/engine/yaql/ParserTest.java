package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {
    /** The tree as an S-expression: {@code (+ 1 (* 2 3))}, bare words as {@code kw:name}. */
    static String tree(String expression) throws YaqlSyntaxException {
        return show(Parser.parse(expression));
    }

    private static String show(Node n) {
        if (n instanceof Node.Constant c) {
            return c.value() instanceof String s ? PyRepr.quote(s) : String.valueOf(c.value());
        } else if (n instanceof Node.Keyword k) {
            return "kw:" + k.name();
        } else if (n instanceof Node.ContextRef r) {
            return "$" + r.name();
        } else if (n instanceof Node.Paren p) {
            return "(paren " + show(p.inner()) + ")";
        } else if (n instanceof Node.Call c) {
            return "(" + c.name() + "()"
                    + c.args().stream().map(a -> " " + show(a)).collect(Collectors.joining()) + ")";
        } else if (n instanceof Node.Binary b) {
            return "(" + b.op() + " " + show(b.left()) + " " + show(b.right()) + ")";
        } else if (n instanceof Node.Unary u) {
            return "(" + u.op() + " " + show(u.operand()) + ")";
        } else if (n instanceof Node.Index i) {
            return "([] " + show(i.target())
                    + i.args().stream().map(a -> " " + show(a)).collect(Collectors.joining()) + ")";
        } else if (n instanceof Node.ListLit l) {
            return "[" + l.items().stream().map(ParserTest::show).collect(Collectors.joining(" ")) + "]";
        } else if (n instanceof Node.MapLit m) {
            return "{" + m.entries().stream().map(ParserTest::show).collect(Collectors.joining(" ")) + "}";
        } else if (n instanceof Node.MappingRule r) {
            return "(=> " + show(r.key()) + " " + show(r.value()) + ")";
        }
        return "_";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1 + 2 * 3                 | (+ 1 (* 2 3))
            (1 + 2) * 3               | (* (paren (+ 1 2)) 3)
            1 - 2 - 3                 | (- (- 1 2) 3)
            8 / 4 / 2                 | (/ (/ 8 4) 2)
            7 mod 3 * 2               | (* (mod 7 3) 2)
            -2 * 3                    | (* (- 2) 3)
            - $.a.b                   | (- (. (. $ kw:a) kw:b))
            -$.a[0]                   | (- ([] (. $ kw:a) 0))
            not a = b                 | (not (= kw:a kw:b))
            not a and b               | (and (not kw:a) kw:b)
            a and b or c and d        | (or (and kw:a kw:b) (and kw:c kw:d))
            a or b and c              | (or kw:a (and kw:b kw:c))
            a = not b = c             | (= kw:a (not (= kw:b kw:c)))
            1 + 2 = 3                 | (= (+ 1 2) 3)
            a < b = true              | (= (< kw:a kw:b) true)
            a in b and c              | (and (in kw:a kw:b) kw:c)
            a = b in c                | (in (= kw:a kw:b) kw:c)
            a =~ b * c                | (* (=~ kw:a kw:b) kw:c)
            a + b =~ c                | (+ kw:a (=~ kw:b kw:c))
            -a =~ b                   | (=~ (- kw:a) kw:b)
            a -> b -> c               | (-> kw:a (-> kw:b kw:c))
            a or b -> c               | (-> (or kw:a kw:b) kw:c)
            $.a[0].b                  | (. ([] (. $ kw:a) 0) kw:b)
            $.a.b[1][2]               | ([] ([] (. (. $ kw:a) kw:b) 1) 2)
            $?.a.b                    | (. (?. $ kw:a) kw:b)
            $.l.where($ > 1).len()    | (. (. (. $ kw:l) (where() (> $ 1))) (len()))
            ctx().a                   | (. (ctx()) kw:a)
            ctx(xs)                   | (ctx() kw:xs)
            item(x) + item(y)         | (+ (item() kw:x) (item() kw:y))
            list(a, b)                | (list() kw:a kw:b)
            f(a, b => c, d => 1)      | (f() kw:a (=> kw:b kw:c) (=> kw:d 1))
            f(,1)                     | (f() _ 1)
            f(1,,2)                   | (f() 1 _ 2)
            f(1,,a => 2)              | (f() 1 _ (=> kw:a 2))
            f(a => b = c)             | (f() (=> kw:a (= kw:b kw:c)))
            f(a = b => c)             | (f() (=> (= kw:a kw:b) kw:c))
            [1, [2], {}]              | [1 [2] {}]
            {a => 1, 'b' => [2]}      | {(=> kw:a 1) (=> 'b' [2])}
            $x.y                      | (. $x kw:y)
            $1 + $                    | (+ $1 $)
            not(true)                 | (not() true)
            """)
    void precedenceAndShapes(String expression, String expected) throws YaqlSyntaxException {
        assertThat(tree(expression)).isEqualTo(expected);
    }

    @Test
    void literalForms() throws YaqlSyntaxException {
        assertThat(tree("12")).isEqualTo("12");
        assertThat(tree("1.5")).isEqualTo("1.5");
        assertThat(tree("'single'")).isEqualTo("'single'");
        assertThat(tree("\"double\"")).isEqualTo("'double'");
        assertThat(tree("`back\\`quoted\\n`"))
                .as("verbatim: only \\` is an escape")
                .isEqualTo("'back`quoted\\\\n'");
        assertThat(tree("'tab\\there'")).isEqualTo("'tab\\there'");
        assertThat(tree("'\\x41\\u0042\\101\\N{DIGIT ONE}'")).isEqualTo("'AB A1'".replace(" ", ""));
        assertThat(tree("'keep \\d and \\w'"))
                .as("unknown escapes stay, for regexes")
                .isEqualTo("'keep \\\\d and \\\\w'");
        assertThat(tree("true")).isEqualTo("true");
        assertThat(tree("false")).isEqualTo("false");
        assertThat(tree("null")).isEqualTo("null");
        assertThat(tree("word")).isEqualTo("kw:word");
        assertThat(tree("_private")).isEqualTo("kw:_private");
        assertThat(tree("wörd")).as("identifiers are Unicode words").isEqualTo("kw:wörd");
        assertThat(tree("  1\t+\r\n2 ")).isEqualTo("(+ 1 2)");
        assertThat(tree("99999999999999999999")).as("Python ints have no bound").isEqualTo("99999999999999999999");
    }

    @Test
    void bareWordsAreStringsUnlessFollowedByAParenthesis() throws Exception {
        YaqlFunctions f = Yaql.standardFunctions();
        assertThat(Yaql.parse("list(a, b)").evaluate(new YaqlContext(null, f))).isEqualTo(java.util.List.of("a", "b"));
        assertThat(Yaql.parse("a").evaluate(new YaqlContext(null, f))).isEqualTo("a");
        assertThat(Yaql.parse("a = 'a'").evaluate(new YaqlContext(null, f))).isEqualTo(true);
        assertThat(Yaql.parse("{k => v}").evaluate(new YaqlContext(null, f))).isEqualTo(java.util.Map.of("k", "v"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            <% succeeded()   | YaqlGrammarException: Parse error: unexpected '<' at position 0 of expression '<% succeeded()'
            <% <% x %>       | YaqlGrammarException: Parse error: unexpected '<' at position 0 of expression '<% <% x %>'
            succeeded(       | YaqlGrammarException: Parse error: unexpected end of statement
            ""               | YaqlGrammarException: Parse error: unexpected end of statement
            1 %              | YaqlLexicalException: Lexical error: illegal character '%' at position 2
            a ; b            | YaqlLexicalException: Lexical error: illegal character ';' at position 2
            1 == 2           | YaqlGrammarException: Parse error: unexpected '=' at position 3 of expression '1 == 2'
            f(1,)            | YaqlGrammarException: Parse error: unexpected ')' at position 4 of expression 'f(1,)'
            f(a => 1, 2)     | YaqlGrammarException: Parse error: unexpected ')' at position 11 of expression 'f(a => 1, 2)'
            f(,a => 1)       | YaqlGrammarException: Parse error: unexpected '=>' at position 5 of expression 'f(,a => 1)'
            a => b           | YaqlGrammarException: Parse error: unexpected '=>' at position 2 of expression 'a => b'
            f (1)            | YaqlGrammarException: Parse error: unexpected '(' at position 2 of expression 'f (1)'
            1 2              | YaqlGrammarException: Parse error: unexpected '2' at position 2 of expression '1 2'
            a true           | YaqlGrammarException: Parse error: unexpected 'True' at position 2 of expression 'a true'
            a null           | YaqlGrammarException: Parse error: unexpected 'None' at position 2 of expression 'a null'
            a 'text'         | YaqlGrammarException: Parse error: unexpected 'text' at position 2 of expression 'a 'text''
            a 1.50           | YaqlGrammarException: Parse error: unexpected '1.5' at position 2 of expression 'a 1.50'
            $.l[1:2]         | YaqlLexicalException: Lexical error: illegal character ':' at position 5
            __x              | YaqlLexicalException: Lexical error: illegal character '_' at position 0
            'open            | YaqlLexicalException: Lexical error: illegal character ''' at position 0
            12abc            | YaqlLexicalException: Lexical error: illegal character '1' at position 0
            1.5e3            | YaqlLexicalException: Lexical error: illegal character '5' at position 2
            """)
    void syntaxErrorsInYaqlsWords(String expression, String expected) {
        assertThatThrownBy(() -> Yaql.parse(expression))
                .isInstanceOfSatisfying(
                        YaqlSyntaxException.class,
                        e -> assertThat(e.kind() + ": " + e.getMessage()).isEqualTo(expected));
    }

    @Test
    void errorPositions() {
        assertThatThrownBy(() -> Yaql.parse("ctx().a +"))
                .isInstanceOfSatisfying(
                        YaqlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(-1));
        assertThatThrownBy(() -> Yaql.parse("ctx().a + )"))
                .isInstanceOfSatisfying(
                        YaqlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(10));
    }

    @Test
    void deepNestingIsASyntaxErrorNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        assertThatThrownBy(() -> Yaql.parse(deep))
                .isInstanceOf(YaqlSyntaxException.class)
                .hasMessageContaining("nested deeper than " + Parser.MAX_DEPTH + " levels");
        String brackets = "[".repeat(5_000) + "]".repeat(5_000);
        assertThatThrownBy(() -> Yaql.parse(brackets)).isInstanceOf(YaqlSyntaxException.class);
        String unary = "-".repeat(5_000) + "1";
        assertThatThrownBy(() -> Yaql.parse(unary)).isInstanceOf(YaqlSyntaxException.class);
        String calls = "f(".repeat(5_000) + ")".repeat(5_000);
        assertThatThrownBy(() -> Yaql.parse(calls)).isInstanceOf(YaqlSyntaxException.class);
    }

    @Test
    void nestingWithinTheLimitParses() throws YaqlSyntaxException {
        String ok = "(".repeat(50) + "1" + ")".repeat(50);
        assertThat(Yaql.parse(ok).source()).isEqualTo(ok);
        String chain = String.join(" + ", java.util.Collections.nCopies(150, "1"));
        assertThat(tree(chain)).startsWith("(+ (+");
    }

    @Test
    void aLongFlatChainIsTooDeepATree() {
        String chain = String.join(" + ", java.util.Collections.nCopies(5_000, "1"));
        assertThatThrownBy(() -> Yaql.parse(chain))
                .isInstanceOf(YaqlSyntaxException.class)
                .hasMessageStartingWith("Parse error: expression nested deeper than");
        String dots = "$" + ".a".repeat(5_000);
        assertThatThrownBy(() -> Yaql.parse(dots)).isInstanceOf(YaqlSyntaxException.class);
    }
}
