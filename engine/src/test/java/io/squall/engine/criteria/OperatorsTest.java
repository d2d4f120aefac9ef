package io.squall.engine.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.squall.api.v1alpha1.CriterionOperator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every operator and alias; the first vectors in each test are StackStorm's st2common/tests/unit/test_operators.py. */
class OperatorsTest {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** A key that selects nothing. */
    private static final Object MISSING = new Object();

    static boolean op(String operator, Object value, Object pattern) {
        CriterionOperator op = JSON.convertValue(operator, CriterionOperator.class);
        return Operators.apply(op, node(value), node(pattern), CLOCK);
    }

    private static JsonNode node(Object v) {
        if (v == MISSING) {
            return null;
        }
        return v == null ? NullNode.getInstance() : JSON.valueToTree(v);
    }

    private static void assertRaises(String operator, Object value, Object pattern, String messagePart) {
        assertThatThrownBy(() -> op(operator, value, pattern))
                .isInstanceOf(CriterionException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void operatorNamesAreCaseInsensitiveLikeGetOperator() {
        assertThat(op("EQUALS", "v1", "v1")).isTrue();
        assertThat(op("Equals", "v1", "v1")).isTrue();
        assertThat(op("MATCHregex", "v1", "v1$")).isTrue();
    }

    @Test
    void equalsAndEq() {
        for (String op : List.of("equals", "eq")) {
            assertThat(op(op, 1, 1)).isTrue();
            assertThat(op(op, "1", "1")).isTrue();
            assertThat(op(op, "", "")).isTrue();
            assertThat(op(op, "1", "2")).isFalse();
            assertThat(op(op, "1", null)).as("None pattern").isFalse();
            assertThat(op(op, 1, "1")).as("no coercion: 1 != '1'").isFalse();
            assertThat(op(op, 1, 1.0)).as("Python: 1 == 1.0").isTrue();
            assertThat(op(op, true, 1)).as("Python: True == 1").isTrue();
            assertThat(op(op, false, 0)).isTrue();
            assertThat(op(op, true, "true")).isFalse();
            assertThat(op(op, List.of("v1", true, 1), List.of("v1", true, 1))).isTrue();
            assertThat(op(op, List.of(1, 2), List.of(2, 1)))
                    .as("lists are ordered")
                    .isFalse();
            assertThat(op(op, Map.of("a", 1, "b", List.of(1)), Map.of("b", List.of(1.0), "a", 1)))
                    .isTrue();
            assertThat(op(op, MISSING, "x")).isFalse();
            assertThat(op(op, null, "x")).isFalse();
            assertThat(op(op, "héllo wörld ☃", "héllo wörld ☃")).isTrue();
            assertThat(op(op, "e\u0301", "\u00e9"))
                    .as("no Unicode normalisation, like Python")
                    .isFalse();
            assertThat(op(op, new java.math.BigInteger("9007199254740993"), 9007199254740992.0))
                    .as("exact int/float comparison")
                    .isFalse();
        }
    }

    @Test
    void nequalsAndNeqHaveNoNoneGuard() {
        for (String op : List.of("nequals", "neq")) {
            assertThat(op(op, "foo", "bar")).isTrue();
            assertThat(op(op, "foo", "foo1")).isTrue();
            assertThat(op(op, "foo", "FOO")).isTrue();
            assertThat(op(op, "True", true)).isTrue();
            assertThat(op(op, "None", null)).isTrue();
            assertThat(op(op, "True", "True")).isFalse();
            assertThat(op(op, null, null)).isFalse();
            assertThat(op(op, MISSING, null)).as("missing is None too").isFalse();
            assertThat(op(op, 1, "1")).isTrue();
        }
    }

    @Test
    void iequalsAndIeq() {
        for (String op : List.of("iequals", "ieq")) {
            assertThat(op(op, "ABC", "ABC")).isTrue();
            assertThat(op(op, "ABC", "abc")).isTrue();
            assertThat(op(op, "AbC", "aBc")).isTrue();
            assertThat(op(op, "ÄÖÜ", "äöü")).isTrue();
            assertThat(op(op, "ABC", "BCA")).isFalse();
            assertThat(op(op, "1", null)).isFalse();
            assertRaises(op, 1, "1", "needs a string value, got int 1");
            assertRaises(op, MISSING, "a", "got NoneType");
            assertRaises(op, "a", List.of("a"), "needs a string pattern, got list");
        }
    }

    @Test
    void contains() {
        assertThat(op("contains", "hasystack needle haystack", "needle")).isTrue();
        assertThat(op("contains", "needle", "needle")).isTrue();
        assertThat(op("contains", "needlehaystack", "needle")).isTrue();
        assertThat(op("contains", "haystackneedle", "needle")).isTrue();
        assertThat(op("contains", "hasystack needl haystack", "needle")).isFalse();
        assertThat(op("contains", "needla", "needle")).isFalse();
        assertThat(op("contains", "1", null)).isFalse();
        assertThat(op("contains", "anything", "")).as("'' in s").isTrue();
        assertThat(op("contains", "a.b*c", ".b*")).as("no pattern syntax").isTrue();
        assertThat(op("contains", List.of("v1", true, 1), "v1"))
                .as("list membership")
                .isTrue();
        assertThat(op("contains", List.of("v1", "v2"), "v"))
                .as("no substring of elements")
                .isFalse();
        assertThat(op("contains", List.of(1, 2), 2.0)).isTrue();
        assertThat(op("contains", Map.of("key", 1), "key")).as("dict keys").isTrue();
        assertThat(op("contains", Map.of("key", 1), 1)).isFalse();
        assertRaises("contains", "abc", 1, "requires a string on the left, not int");
        assertRaises("contains", MISSING, "a", "argument of type 'NoneType' is not iterable");
        assertRaises("contains", 5, 5, "argument of type 'int' is not iterable");
        assertRaises("contains", Map.of("a", 1), List.of("a"), "unhashable");
    }

    @Test
    void ncontains() {
        assertThat(op("ncontains", "hasystack needle haystack", "foo")).isTrue();
        assertThat(op("ncontains", "needle", "foo")).isTrue();
        assertThat(op("ncontains", "haystack needle", "needlex")).isTrue();
        assertThat(op("ncontains", "hasystack needle haystack", "needle")).isFalse();
        assertThat(op("ncontains", "needla", "needla")).isFalse();
        assertThat(op("ncontains", "1", null))
                .as("None pattern is false, not 'not contained'")
                .isFalse();
        assertThat(op("ncontains", List.of("a"), "b")).isTrue();
        assertRaises("ncontains", MISSING, "a", "not iterable");
    }

    @Test
    void icontainsAndIncontains() {
        assertThat(op("icontains", "hasystack nEEdle haystack", "needle")).isTrue();
        assertThat(op("icontains", "neeDle", "NeedlE")).isTrue();
        assertThat(op("icontains", "haystack needle", "NEEDLE")).isTrue();
        assertThat(op("icontains", "hasystack needl haystack", "needle")).isFalse();
        assertThat(op("icontains", "1", null)).isFalse();
        assertRaises("icontains", List.of("A"), "a", "needs a string value, got list");

        assertThat(op("incontains", "hasystack needle haystack", "FOO")).isTrue();
        assertThat(op("incontains", "needle", "FOO")).isTrue();
        assertThat(op("incontains", "hasystack needle haystack", "nEeDle")).isFalse();
        assertThat(op("incontains", "needlA", "needlA")).isFalse();
        assertThat(op("incontains", "1", null)).isFalse();
        assertRaises("incontains", 7, "7", "needs a string value, got int");
    }

    @Test
    void startswithAndEndswith() {
        assertThat(op("startswith", "hasystack needle haystack", "hasystack")).isTrue();
        assertThat(op("startswith", "a hasystack needle haystack", "a ")).isTrue();
        assertThat(op("startswith", "hasystack needle haystack", "needle")).isFalse();
        assertThat(op("startswith", "a hasystack needle haystack", "haystack")).isFalse();
        assertThat(op("startswith", "1", null)).isFalse();
        assertThat(op("startswith", "abc", "")).isTrue();
        assertThat(op("startswith", "[x] y", "[x]")).isTrue();
        assertRaises("startswith", 123, "1", "needs a string value, got int");
        assertRaises("startswith", "123", 1, "needs a string pattern, got int");

        assertThat(op("istartswith", "haystack needle haystack", "HAYstack")).isTrue();
        assertThat(op("istartswith", "HAYSTACK needle haystack", "haystack")).isTrue();
        assertThat(op("istartswith", "hasystack needle haystack", "NEEDLE")).isFalse();
        assertThat(op("istartswith", "1", null)).isFalse();

        assertThat(op("endswith", "hasystack needle haystackend", "haystackend"))
                .isTrue();
        assertThat(op("endswith", "a hasystack needle haystack b", "b")).isTrue();
        assertThat(op("endswith", "hasystack needle haystackend", "haystack")).isFalse();
        assertThat(op("endswith", "a hasystack needle haystack", "a")).isFalse();
        assertThat(op("endswith", "1", null)).isFalse();
        assertRaises("endswith", List.of("b"), "b", "got list");

        assertThat(op("iendswith", "haystack needle haystackEND", "HAYstackend"))
                .isTrue();
        assertThat(op("iendswith", "HAYSTACK needle haystackend", "haystackEND"))
                .isTrue();
        assertThat(op("iendswith", "hasystack needle haystack", "NEEDLE")).isFalse();
        assertThat(op("iendswith", "a hasystack needle haystack", "a ")).isFalse();
        assertThat(op("iendswith", "1", null)).isFalse();
    }

    @Test
    void lessthanAndGreaterthanWithAliases() {
        for (String lt : List.of("lessthan", "lt")) {
            assertThat(op(lt, 1, 2)).isTrue();
            assertThat(op(lt, "a", "b")).isTrue();
            assertThat(op(lt, "aba", "bcb")).isTrue();
            assertThat(op(lt, 1, 1)).isFalse();
            assertThat(op(lt, "1", null)).isFalse();
            assertThat(op(lt, 1, 0)).as("falsy pattern 0 is a real pattern").isFalse();
            assertThat(op(lt, 1.5, 2)).isTrue();
            assertThat(op(lt, false, true)).as("bools are ints").isTrue();
            assertThat(op(lt, "Z", "a")).as("code point order").isTrue();
            assertThat(op(lt, "\uffff", "😀"))
                    .as("code points, not UTF-16 units")
                    .isTrue();
            assertThat(op(lt, List.of(1, 2), List.of(1, 3)))
                    .as("lists compare lexicographically")
                    .isTrue();
            assertThat(op(lt, List.of(1), List.of(1, 0))).isTrue();
            assertRaises(lt, "1", 2, "'<' not supported between str \"1\" and int 2");
            assertRaises(lt, MISSING, 2, "not supported between NoneType");
            assertRaises(lt, Map.of("a", 1), Map.of("a", 2), "not supported between dict");
        }
        for (String gt : List.of("greaterthan", "gt")) {
            assertThat(op(gt, 2, 1)).isTrue();
            assertThat(op(gt, 2, 3)).isFalse();
            assertThat(op(gt, "1", null)).isFalse();
            assertThat(op(gt, 1, 0)).as("falsy pattern 0").isTrue();
            assertThat(op(gt, "b", "a")).isTrue();
            assertThat(op(gt, Double.NaN, 1)).as("NaN is unordered").isFalse();
            assertRaises(gt, 2, "1", "'>' not supported");
        }
    }

    @Test
    void matchwildcardIsFnmatch() {
        assertThat(op("matchwildcard", "v1", "v1")).isTrue();
        assertThat(op("matchwildcard", "test foo test", "foo"))
                .as("whole string")
                .isFalse();
        assertThat(op("matchwildcard", "test foo test", "*foo*")).isTrue();
        assertThat(op("matchwildcard", "bar", "b*r")).isTrue();
        assertThat(op("matchwildcard", "bar", "b?r")).isTrue();
        assertThat(op("matchwildcard", "1", null)).isFalse();
        assertThat(op("matchwildcard", "bar", "b[ae]r")).isTrue();
        assertThat(op("matchwildcard", "bir", "b[!ae]r")).isTrue();
        assertThat(op("matchwildcard", "bar", "b[!ae]r")).isFalse();
        assertThat(op("matchwildcard", "a.b", "a.b")).as("'.' is literal").isTrue();
        assertThat(op("matchwildcard", "axb", "a.b")).isFalse();
        assertThat(op("matchwildcard", "a+(b)", "a+(b)")).isTrue();
        assertThat(op("matchwildcard", "x[y", "x[y"))
                .as("unclosed [ is literal")
                .isTrue();
        assertThat(op("matchwildcard", "line1\nline2", "line1*"))
                .as("* crosses newlines")
                .isTrue();
        assertThat(op("matchwildcard", "Bar", "bar"))
                .as("case-sensitive (POSIX)")
                .isFalse();
        assertThat(op("matchwildcard", "", "")).isTrue();
        assertThat(op("matchwildcard", "x", "")).isFalse();
        assertThat(op("matchwildcard", "日本語.txt", "*.txt")).isTrue();
        assertRaises("matchwildcard", 12, "1*", "needs a string value, got int");
    }

    @Test
    void matchregexIsAnchoredAtStartWithDotall() {
        assertThat(op("matchregex", "v1", "v1$")).isTrue();
        String multiline = "ponies\n        moar\n        foo\n        bar\n        yeah!\n        ";
        assertThat(op("matchregex", multiline, ".*bar.*")).as("re.DOTALL").isTrue();
        assertThat(op("matchregex", "foo\r\nponies\nbar\nfooooo", ".*ponies.*")).isTrue();
        assertThat(op("matchregex", "v1_foo", "v1$")).isFalse();
        assertThat(op("matchregex", "1", null)).isFalse();
        assertThat(op("matchregex", "xv1", "v1"))
                .as("re.match anchors at the start")
                .isFalse();
        assertThat(op("matchregex", "v1 and more", "v1"))
                .as("but not at the end")
                .isTrue();
        assertRaises("matchregex", "x", "(unclosed", "invalid regular expression '(unclosed'");
    }

    @Test
    void regexAndIregexSearch() {
        assertThat(op("regex", "v1", "v1$")).isTrue();
        assertThat(op("regex", "fooponiesbarfooooo", "ponies")).isTrue();
        assertThat(op("regex", "apple ponies oranges", "(ponies|unicorns)")).isTrue();
        assertThat(op("regex", "apple unicorns oranges", "(ponies|unicorns)")).isTrue();
        assertThat(op("regex", "apple unicorns oranges", "(pikachu|snorlax|charmander)"))
                .isFalse();
        assertThat(op("regex", "v1_foo", "v1$")).isFalse();
        assertThat(op("regex", "fooPONIESbarfooooo", "ponies")).isFalse();
        assertThat(op("regex", "1", null)).isFalse();
        assertThat(op("regex", "anything", "")).as("empty regex matches").isTrue();
        assertThat(op("regex", "price: $5.00", "\\$5\\.00")).isTrue();
        assertThat(op("regex", "a{b", "a{b"))
                .as("Python reads a lone { literally")
                .isTrue();
        assertThat(op("regex", "aaa", "a{,3}$")).isTrue();
        assertThat(op("regex", "x-42", "(?P<num>\\d+)$"))
                .as("Python named groups")
                .isTrue();
        assertThat(op("regex", "abab", "(?P<pair>ab)(?P=pair)")).isTrue();
        assertThat(op("regex", "end\n", "end\\Z")).as("\\Z is the very end").isFalse();
        assertThat(op("regex", "end\n", "end$")).as("$ before a final newline").isTrue();
        assertThat(op("regex", "ünïcödé", "^\\w+$")).as("\\w is Unicode").isTrue();
        assertThat(op("regex", "[x]", "[[]x]")).as("[ is literal in a class").isTrue();
        assertThat(op("regex", "a\u2028b", "a.b")).as("only \\n ends a line").isTrue();
        assertRaises("regex", 5, "5", "needs a string value, got int");
        assertRaises("regex", "x", 5, "needs a string pattern, got int");

        assertThat(op("iregex", "V1", "v1$")).isTrue();
        assertThat(op("iregex", "fooPONIESbarfooooo", "ponies")).isTrue();
        assertThat(op("iregex", "V1_foo", "v1$")).isFalse();
        assertThat(op("iregex", "1", null)).isFalse();
        assertThat(op("iregex", "STRASSE ÄRGER", "ärger")).isTrue();
    }

    @Test
    void timediffWithIsoTimestamps() {
        for (String lt : List.of("timediff_lt", "td_lt")) {
            assertThat(op(lt, "2024-05-01T11:59:55", 10)).as("5 s ago < 10 s").isTrue();
            assertThat(op(lt, "2014-07-01T00:01:01.000000", 10)).isFalse();
            assertThat(op(lt, "2014-07-01T00:01:01.000000", null)).isFalse();
            assertThat(op(lt, "2024-05-01T11:59:55", "10"))
                    .as("web UI sends the pattern as a string")
                    .isTrue();
            assertThat(op(lt, "2014-07-01T00:01:01.000000", "10")).isFalse();
            assertThat(op(lt, "2024-05-01T11:59:50", 10))
                    .as("exactly 10 s is not < 10")
                    .isFalse();
            assertThat(op(lt, "2024-05-01T13:59:55+02:00", 10))
                    .as("offsets are honoured")
                    .isTrue();
            assertThat(op(lt, "2024-05-01 11:59:55.5Z", 5))
                    .as("space separator, fraction, Z")
                    .isTrue();
            assertThat(op(lt, "2024-05-01T11:59:55+0000", 10))
                    .as("compact offset")
                    .isTrue();
            assertThat(op(lt, "2024-05-01T12:00:30Z", 0))
                    .as("future: negative age")
                    .isTrue();
        }
        for (String gt : List.of("timediff_gt", "td_gt")) {
            assertThat(op(gt, "2014-07-01T00:01:01.000000", 1)).isTrue();
            assertThat(op(gt, "2024-05-01T11:59:55", 10)).isFalse();
            assertThat(op(gt, "2014-07-01T00:01:01.000000", null)).isFalse();
            assertThat(op(gt, "2014-07-01T00:01:01.000000", "1")).isTrue();
            assertThat(op(gt, "2024-05-01T11:59:55", "10")).isFalse();
            assertThat(op(gt, "2024-04-30", 86399.5))
                    .as("a date is midnight UTC")
                    .isTrue();
            assertThat(op(gt, "2024-05-01T11:00:00Z", "1e3")).isTrue();
        }
        assertRaises("timediff_lt", "yesterday", 10, "cannot parse 'yesterday' as an ISO-8601 timestamp");
        assertRaises("timediff_lt", 1404172861, 10, "needs a string value (a timestamp), got int");
        assertRaises("timediff_gt", "2024-05-01T11:00:00Z", "ten", "could not convert string to float");
        assertRaises("timediff_gt", "2024-05-01T11:00:00Z", List.of(1), "float() argument");
    }

    @Test
    void existsAndNexistsIgnoreThePattern() {
        assertThat(op("exists", false, null)).isTrue();
        assertThat(op("exists", 1, null)).isTrue();
        assertThat(op("exists", "foo", null)).isTrue();
        assertThat(op("exists", "", null)).as("empty string exists").isTrue();
        assertThat(op("exists", null, null)).as("JSON null does not exist").isFalse();
        assertThat(op("exists", MISSING, "ignored")).isFalse();
        assertThat(op("nexists", false, null)).isFalse();
        assertThat(op("nexists", 1, null)).isFalse();
        assertThat(op("nexists", "foo", null)).isFalse();
        assertThat(op("nexists", null, null)).isTrue();
        assertThat(op("nexists", MISSING, null)).isTrue();
    }

    @Test
    void insideAndNinsideWithAliases() {
        for (String in : List.of("inside", "in")) {
            assertThat(op(in, "a", null)).isFalse();
            assertThat(op(in, "a", "bcd")).isFalse();
            assertThat(op(in, "a", "abc")).isTrue();
            assertThat(op(in, "prod", List.of("prod", "staging"))).isTrue();
            assertThat(op(in, "dev", List.of("prod", "staging"))).isFalse();
            assertThat(op(in, 2, List.of(1, 2, 3))).isTrue();
            assertThat(op(in, "2", List.of(1, 2, 3))).as("no coercion").isFalse();
            assertThat(op(in, "k", Map.of("k", "v"))).isTrue();
            assertRaises(in, 1, "123", "requires a string on the left, not int");
            assertRaises(in, MISSING, "abc", "requires a string on the left, not NoneType");
            assertRaises(in, "a", 5, "argument of type 'int' is not iterable");
        }
        for (String nin : List.of("ninside", "nin")) {
            assertThat(op(nin, "a", null)).isFalse();
            assertThat(op(nin, "a", "abc")).isFalse();
            assertThat(op(nin, "a", "bcd")).isTrue();
            assertThat(op(nin, "dev", List.of("prod", "staging"))).isTrue();
            assertThat(op(nin, MISSING, List.of("x"))).as("None not in list").isTrue();
        }
    }

    @Test
    void everyAliasMapsToItsOperator() {
        assertThat(Operators.canonical(CriterionOperator.EQ)).isEqualTo(CriterionOperator.EQUALS);
        assertThat(Operators.canonical(CriterionOperator.NEQ)).isEqualTo(CriterionOperator.NEQUALS);
        assertThat(Operators.canonical(CriterionOperator.IEQ)).isEqualTo(CriterionOperator.IEQUALS);
        assertThat(Operators.canonical(CriterionOperator.LT)).isEqualTo(CriterionOperator.LESSTHAN);
        assertThat(Operators.canonical(CriterionOperator.GT)).isEqualTo(CriterionOperator.GREATERTHAN);
        assertThat(Operators.canonical(CriterionOperator.TD_LT)).isEqualTo(CriterionOperator.TIMEDIFF_LT);
        assertThat(Operators.canonical(CriterionOperator.TD_GT)).isEqualTo(CriterionOperator.TIMEDIFF_GT);
        assertThat(Operators.canonical(CriterionOperator.IN)).isEqualTo(CriterionOperator.INSIDE);
        assertThat(Operators.canonical(CriterionOperator.NIN)).isEqualTo(CriterionOperator.NINSIDE);
        // every operator except search is implemented: none falls through to the "unhandled" branch
        for (CriterionOperator op : CriterionOperator.values()) {
            if (op != CriterionOperator.SEARCH) {
                assertThat(catchUnhandled(op)).as(op.name()).isNull();
            }
        }
    }

    private static Throwable catchUnhandled(CriterionOperator op) {
        try {
            Operators.apply(op, JSON.valueToTree("2024-05-01T12:00:00Z"), JSON.valueToTree("2024"), CLOCK);
            return null;
        } catch (CriterionException e) {
            return null; // a type complaint is an answer; only IllegalStateException means "not implemented"
        } catch (IllegalStateException e) {
            return e;
        }
    }

    @Test
    void aPatternThatBacktracksForeverFailsItsCriterionWithinTheLimit() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Operators.apply(
                        io.squall.api.v1alpha1.CriterionOperator.REGEX,
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("1".repeat(40)),
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("(\\d+)*\\1x"),
                        Clock.systemUTC()))
                .isInstanceOf(CriterionException.class)
                .hasMessage("the pattern '(\\d+)*\\1x' took longer than 2000 ms on a value of 40 characters");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
    }
}
