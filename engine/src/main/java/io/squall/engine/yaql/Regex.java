package io.squall.engine.yaql;

import io.squall.engine.criteria.CriterionException;
import io.squall.engine.criteria.PythonPatterns;
import java.util.regex.Pattern;

/** A compiled Python regular expression ({@code regex(...)}), Python syntax translated by {@link PythonPatterns}. */
record Regex(String source, Pattern pattern) {
    static Regex compile(String source, boolean ignoreCase, boolean multiLine, boolean dotAll) {
        try {
            return new Regex(source, PythonPatterns.regex(multiLine ? "(?m)" + source : source, dotAll, ignoreCase));
        } catch (CriterionException e) {
            throw Errors.error("error", e.getMessage());
        }
    }
}
