package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each {@link YaqlLimits} bound fails cleanly, quickly, and as {@code LimitExceeded}. */
class LimitsTest {
    private static final YaqlLimits SMALL = new YaqlLimits(1_000, 10_000, 50, 100_000);

    private static Object eval(String expression, YaqlLimits limits) throws Exception {
        return Yaql.parse(expression).evaluate(new YaqlContext(null, Yaql.standardFunctions()).withLimits(limits));
    }

    private static void assertLimit(String expression, YaqlLimits limits, String message) {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThatThrownBy(() -> eval(expression, limits))
                        .isInstanceOfSatisfying(
                                YaqlEvaluationException.class,
                                e -> assertThat(e.kind()).isEqualTo(YaqlEvaluationException.LIMIT_EXCEEDED))
                        .hasMessageContaining(message));
    }

    @Test
    void defaults() {
        assertThat(YaqlLimits.DEFAULT).isEqualTo(new YaqlLimits(100_000, 1 << 20, 200, 1_000_000));
        assertThatThrownBy(() -> new YaqlLimits(-1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void collectionSize() throws Exception {
        assertLimit("range(100000000)", YaqlLimits.DEFAULT, "Collection length exceeds 100000 elements");
        assertLimit("range(2000).toList()", SMALL, "Collection length exceeds 1000 elements");
        assertLimit("[1, 2] * 1000", SMALL, "Collection length exceeds 1000");
        assertLimit("[1, 2] * 9223372036854775807", YaqlLimits.DEFAULT, "Collection length exceeds");
        assertLimit("range(600).toList() + range(600).toList()", SMALL, "Collection length exceeds");
        assertLimit("list(range(2000))", SMALL, "Collection length exceeds");
        assertLimit("range(2000).toDict($, $)", SMALL, "Collection length exceeds");
        assertLimit("range(2000).groupBy($)", SMALL, "Collection length exceeds");
        assertLimit("'a,'.repeat(1).first() * 6000", SMALL, "String length");
        assertThat(eval("range(1000).len()", SMALL)).isEqualTo(1000L);
    }

    @Test
    void stringLength() {
        assertLimit("'a' * 2000000", YaqlLimits.DEFAULT, "String length exceeds 1048576 characters");
        assertLimit("'ab' * 9223372036854775807", YaqlLimits.DEFAULT, "String length exceeds");
        assertLimit("range(1500).select('0123456789').join('')", SMALL, "String length exceeds 10000");
        assertLimit("concat('x' * 6000, 'y' * 6000)", SMALL, "String length exceeds");
        assertLimit("'x' * 6000 + 'y' * 6000", SMALL, "String length exceeds");
        assertLimit("str(range(900).select('abcdefghijklmnop').toList())", SMALL, "String length exceeds");
        assertLimit("json_dump(range(900).select('abcdefghijklmnop').toList())", SMALL, "String length exceeds");
        assertLimit("('x' * 6000).replace('x', 'yy')", SMALL, "String length exceeds");
        assertLimit("regex('x').replace('x' * 6000, 'yy')", SMALL, "String length exceeds");
    }

    @Test
    void depth() throws Exception {
        String nested = "(".repeat(60) + "1" + ")".repeat(60);
        assertLimit(nested, SMALL, "Expression nesting exceeds 50 levels");
        assertThat(eval("(".repeat(20) + "1" + ")".repeat(20), SMALL)).isEqualTo(1L);
        assertThatThrownBy(() -> Yaql.parse("(".repeat(1_000) + ")".repeat(1_000)))
                .isInstanceOf(YaqlSyntaxException.class);
    }

    @Test
    void operations() {
        assertLimit(
                "sequence().where($ < 0).first()",
                YaqlLimits.DEFAULT,
                "Expression evaluation exceeds 1000000 operations");
        assertLimit("range(100000000).len()", YaqlLimits.DEFAULT, "operations");
        assertLimit("sequence().skip(1000000000).first()", YaqlLimits.DEFAULT, "operations");
        assertLimit("range(1000).select(range(1000).select($).sum()).sum()", YaqlLimits.DEFAULT, "operations");
        assertLimit("[1, 2].cycle().len()", YaqlLimits.DEFAULT, "operations");
        assertLimit("1.repeat().where(false).any()", YaqlLimits.DEFAULT, "operations");
        assertLimit("generate(0, true, $ + 1).len()", YaqlLimits.DEFAULT, "operations");
        assertLimit("range(300).join(range(300), false, 1).len()", SMALL, "operations");
    }

    @Test
    void regexMatchingIsChargedByTheCharactersItReads() throws Exception {
        YaqlLimits few = new YaqlLimits(1_000, 1 << 20, 50, 2_000);
        assertLimit("('a' * 200000) =~ 'b'", few, "operations");
        assertLimit("regex('a+b').matches('a' * 200000)", few, "operations");
        assertLimit("regex_search('a' * 200000, 'b')", few, "operations");
        assertThat(eval("('a' * 1000) =~ 'b'", few)).isEqualTo(false);
    }

    @Test
    void backtrackingPatternsEndInTime() {
        String text = "'" + "a".repeat(40) + "!'";
        for (String e : List.of(
                "regex('(a+)+$').matches(" + text + ")",
                text + " =~ '^(a|aa)+$'",
                "regex_match(" + text + ", '(a*)*b')",
                "regex('(.*a){25}').matches(" + text + ")")) {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    assertThat(eval(e, YaqlLimits.DEFAULT)).isEqualTo(false);
                } catch (YaqlEvaluationException limit) {
                    assertThat(limit.kind()).isEqualTo(YaqlEvaluationException.LIMIT_EXCEEDED);
                }
            });
        }
    }

    @Test
    void hugeIntegers() throws Exception {
        assertLimit("pow(2, 10000000)", YaqlLimits.DEFAULT, "Integer result exceeds");
        assertLimit("range(40).aggregate($1 * $1, 3)", YaqlLimits.DEFAULT, "Integer result exceeds");
        assertLimit("shiftBitsLeft(1, 10000000)", YaqlLimits.DEFAULT, "Integer result exceeds");
        assertThat(eval("pow(2, 100)", YaqlLimits.DEFAULT)).isEqualTo(new java.math.BigInteger("2").pow(100));
    }

    @Test
    void limitsApplyPerEvaluationAndToChildContexts() throws Exception {
        YaqlExpression e = Yaql.parse("range(1500).toList().len()");
        YaqlContext small = new YaqlContext(null, Yaql.standardFunctions()).withLimits(SMALL);
        assertThatThrownBy(() -> e.evaluate(small.withVariable("x", 1))).isInstanceOf(YaqlEvaluationException.class);
        assertThat(e.evaluate(new YaqlContext(null, Yaql.standardFunctions()))).isEqualTo(1500L);
        // the operation budget is per evaluation: many evaluations of one context each get the full budget
        YaqlExpression busy = Yaql.parse("range(30000).sum()");
        YaqlContext c = new YaqlContext(null, Yaql.standardFunctions());
        for (int i = 0; i < 5; i++) {
            assertThat(busy.evaluate(c)).isEqualTo(449985000L);
        }
        assertThat(small.limits()).isEqualTo(SMALL);
    }

    @Test
    void resultsStayWithinTheCollectionLimitEvenWhenLazy() {
        assertLimit("range(1100)", SMALL, "Collection length exceeds 1000");
        assertLimit("[range(1100)]", SMALL, "Collection length exceeds 1000");
        assertLimit("{a => range(1100)}", SMALL, "Collection length exceeds 1000");
        assertThat(List.of()).isEmpty();
    }
}
