package io.squall.engine.yaql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: evaluates an expression and shows the outcome as Python's yaql would print it, {@code repr()} of the
 * result ({@code 'text'}, {@code [1, 'a']}, {@code None}) or {@code Kind: message} of the error, so expected values can
 * be taken verbatim from the Python implementation.
 */
final class YaqlCases {
    static final String DATA = """
            {"a": {"b": 2}, "l": [1, 2, 3], "ld": [{"x": 1}, {"x": 2}], "s": "str", "nested": {"deep": {"value": 42}}}""";

    private YaqlCases() {}

    static Object json(String text) {
        try {
            return YaqlValues.normalize(new ObjectMapper().readTree(text));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String show(Object result) {
        return result instanceof String s ? PyRepr.quote(s) : YaqlValues.pythonStr(result);
    }

    static String run(String expression, Object data, YaqlFunctions functions) {
        try {
            return show(Yaql.parse(expression).evaluate(new YaqlContext(data, functions)));
        } catch (YaqlSyntaxException e) {
            return e.kind() + ": " + e.getMessage();
        } catch (YaqlEvaluationException e) {
            return e.kind() + ": " + e.getMessage();
        }
    }

    static String run(String expression) {
        return run(expression, json(DATA), Yaql.standardFunctions());
    }

    static Object eval(String expression) throws Exception {
        return Yaql.parse(expression).evaluate(new YaqlContext(json(DATA), Yaql.standardFunctions()));
    }

    record Case(String expression, String expected) {
        @Override
        public String toString() {
            return expression;
        }
    }

    /** Lines of {@code expression  ==>  expected}. */
    static List<Case> table(String text) {
        List<Case> cases = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int sep = line.indexOf("  ==>  ");
            cases.add(new Case(line.substring(0, sep), line.substring(sep + 7)));
        }
        return cases;
    }

    static void check(Case c) {
        assertThat(run(c.expression())).as(c.expression()).isEqualTo(c.expected());
    }
}
