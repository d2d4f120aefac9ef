package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LexerTest {
    private static String tokens(String expression) throws YaqlSyntaxException {
        List<Token> all = Lexer.tokenize(expression);
        return all.stream()
                .filter(t -> !t.is(Token.Type.END))
                .map(t -> t.type() + ":" + t.text() + "@" + t.position())
                .collect(Collectors.joining(" "));
    }

    @Test
    void tokenTypesAndPositions() throws YaqlSyntaxException {
        assertThat(tokens("ctx(x).a")).isEqualTo("FUNC:ctx(@0 KEYWORD:x@4 RPAREN:)@5 OPERATOR:.@6 KEYWORD:a@7");
        assertThat(tokens("ctx (x)"))
                .as("a space makes the name a keyword string")
                .isEqualTo("KEYWORD:ctx@0 LPAREN:(@4 KEYWORD:x@5 RPAREN:)@6");
        assertThat(tokens("$ $x $1")).isEqualTo("DOLLAR:$@0 DOLLAR:$x@2 DOLLAR:$1@5");
        assertThat(tokens("a and b or not c in d mod e"))
                .isEqualTo("KEYWORD:a@0 OPERATOR:and@2 KEYWORD:b@6 OPERATOR:or@8 OPERATOR:not@11 KEYWORD:c@15 "
                        + "OPERATOR:in@17 KEYWORD:d@20 OPERATOR:mod@22 KEYWORD:e@26");
        assertThat(tokens("android")).as("operator words only as whole words").isEqualTo("KEYWORD:android@0");
        assertThat(tokens("1 1.5 10")).isEqualTo("NUMBER:1@0 NUMBER:1.5@2 NUMBER:10@6");
        assertThat(tokens("1.")).isEqualTo("NUMBER:1@0 OPERATOR:.@1");
        assertThat(tokens(".5")).isEqualTo("OPERATOR:.@0 NUMBER:5@1");
        assertThat(tokens("true false null")).isEqualTo("TRUE:true@0 FALSE:false@5 NULL:null@11");
    }

    @Test
    void operatorsMatchLongestFirst() throws YaqlSyntaxException {
        assertThat(tokens("a=>b->c?.d=~e!~f!=g>=h<=i=j"))
                .isEqualTo("KEYWORD:a@0 MAPPING:=>@1 KEYWORD:b@3 "
                        + "OPERATOR:->@4 KEYWORD:c@6 OPERATOR:?.@7 KEYWORD:d@9 OPERATOR:=~@10 KEYWORD:e@12 OPERATOR:!~@13 "
                        + "KEYWORD:f@15 OPERATOR:!=@16 KEYWORD:g@18 OPERATOR:>=@19 KEYWORD:h@21 OPERATOR:<=@22 "
                        + "KEYWORD:i@24 OPERATOR:=@25 KEYWORD:j@26");
        assertThat(tokens("[{}]")).isEqualTo("LBRACKET:[@0 LBRACE:{@1 RBRACE:}@2 RBRACKET:]@3");
    }

    @Test
    void quotedStrings() throws YaqlSyntaxException {
        assertThat(Lexer.tokenize("'it\\'s'").get(0).value()).isEqualTo("it's");
        assertThat(Lexer.tokenize("\"say \\\"hi\\\"\"").get(0).value()).isEqualTo("say \"hi\"");
        assertThat(Lexer.tokenize("`a\\`b\\n`").get(0).value()).isEqualTo("a`b\\n");
        assertThat(Lexer.tokenize("'\\U0001F600'").get(0).value()).isEqualTo("\uD83D\uDE00");
        assertThat(Lexer.tokenize("'\\a\\b\\f\\v\\0'").get(0).value()).isEqualTo("\u0007\b\f\u000b\u0000");
        assertThat(Lexer.tokenize("'\\q'").get(0).value()).isEqualTo("\\q");
        assertThat(Lexer.tokenize("'multi\nline'").get(0).value()).isEqualTo("multi\nline");
    }

    @Test
    void illegalCharacters() {
        for (String bad : List.of("a # b", "a @ b", "a & b", "a | b", "a ^ b", "a \u00a0 b", "a \f b", "a ! b")) {
            assertThatThrownBy(() -> Lexer.tokenize(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(YaqlSyntaxException.class, e -> {
                        assertThat(e.kind()).isEqualTo("YaqlLexicalException");
                        assertThat(e.position()).isEqualTo(2);
                        assertThat(e.getMessage())
                                .isEqualTo("Lexical error: illegal character '" + bad.charAt(2) + "' at position 2");
                    });
        }
        assertThatThrownBy(() -> Lexer.tokenize("'a\\\nb'"))
                .as("an escaped newline ends no string")
                .isInstanceOf(YaqlSyntaxException.class);
    }
}
