package io.squall.engine.criteria;

import static io.squall.engine.criteria.PyValues.isNone;
import static io.squall.engine.criteria.PyValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.CriterionOperator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * StackStorm's criteria operators (st2common/operators.py), one for one. {@code value} is the payload value
 * (Java null when the key selects nothing; JSON null counts as None too), {@code pattern} the rendered pattern.
 * A None pattern makes every operator false except nequals, exists and nexists. Where Python would raise
 * (wrong types), a {@link CriterionException} says why.
 */
public final class Operators {
    private Operators() {}

    /** The operator an alias stands for (eq → equals, td_lt → timediff_lt, in → inside, ...). */
    public static CriterionOperator canonical(CriterionOperator op) {
        return switch (op) {
            case EQ -> CriterionOperator.EQUALS;
            case NEQ -> CriterionOperator.NEQUALS;
            case IEQ -> CriterionOperator.IEQUALS;
            case LT -> CriterionOperator.LESSTHAN;
            case GT -> CriterionOperator.GREATERTHAN;
            case TD_LT -> CriterionOperator.TIMEDIFF_LT;
            case TD_GT -> CriterionOperator.TIMEDIFF_GT;
            case IN -> CriterionOperator.INSIDE;
            case NIN -> CriterionOperator.NINSIDE;
            default -> op;
        };
    }

    /** StackStorm's spelling of an operator, for messages. */
    public static String name(CriterionOperator op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    /** Applies every operator but search (which needs the criteria machinery, see CriteriaEvaluator). */
    public static boolean apply(CriterionOperator op, JsonNode value, JsonNode pattern, Clock clock) {
        CriterionOperator canonical = canonical(op);
        switch (canonical) {
            case EXISTS:
                return !isNone(value);
            case NEXISTS:
                return isNone(value);
            case NEQUALS:
                return !PyValues.eq(value, pattern); // no None guard in StackStorm
            case SEARCH:
                throw new IllegalArgumentException("search is evaluated by CriteriaEvaluator");
            default:
                break;
        }
        if (isNone(pattern)) {
            return false;
        }
        return switch (canonical) {
            case EQUALS -> PyValues.eq(value, pattern);
            case IEQUALS -> lower(text(value, "value")).equals(lower(text(pattern, "pattern")));
            case CONTAINS -> PyValues.contains(value, pattern);
            case NCONTAINS -> !PyValues.contains(value, pattern);
            case ICONTAINS -> lower(text(value, "value")).contains(lower(text(pattern, "pattern")));
            case INCONTAINS -> !lower(text(value, "value")).contains(lower(text(pattern, "pattern")));
            case STARTSWITH -> text(value, "value").startsWith(text(pattern, "pattern"));
            case ISTARTSWITH -> lower(text(value, "value")).startsWith(lower(text(pattern, "pattern")));
            case ENDSWITH -> text(value, "value").endsWith(text(pattern, "pattern"));
            case IENDSWITH -> lower(text(value, "value")).endsWith(lower(text(pattern, "pattern")));
            case LESSTHAN -> PyValues.lessThan(value, pattern);
            case GREATERTHAN -> PyValues.greaterThan(value, pattern);
            case MATCHWILDCARD ->
                PythonPatterns.wildcard(text(pattern, "pattern"))
                        .matcher(timed(value, pattern))
                        .matches();
            case MATCHREGEX ->
                PythonPatterns.regex(text(pattern, "pattern"), true, false)
                        .matcher(timed(value, pattern))
                        .lookingAt(); // re.match: anchored at the start only
            case REGEX ->
                PythonPatterns.regex(text(pattern, "pattern"), false, false)
                        .matcher(timed(value, pattern))
                        .find();
            case IREGEX ->
                PythonPatterns.regex(text(pattern, "pattern"), false, true)
                        .matcher(timed(value, pattern))
                        .find();
            case TIMEDIFF_LT -> secondsSince(value, clock) < PyValues.toFloat(pattern);
            case TIMEDIFF_GT -> secondsSince(value, clock) > PyValues.toFloat(pattern);
            case INSIDE -> PyValues.contains(pattern, value);
            case NINSIDE -> !PyValues.contains(pattern, value);
            default -> throw new IllegalStateException("unhandled operator " + canonical);
        };
    }

    /** (utcnow - parse(value)).total_seconds(), with microsecond precision like Python's timedelta. */
    private static double secondsSince(JsonNode value, Clock clock) {
        Instant then = Timestamps.parse(text(value, "value (a timestamp)"));
        Duration age = Duration.between(then, clock.instant());
        return age.getSeconds() + (age.getNano() / 1000) / 1_000_000.0;
    }

    private static CharSequence timed(JsonNode value, JsonNode pattern) {
        return TimedText.of(text(value, "value"), text(pattern, "pattern"));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
