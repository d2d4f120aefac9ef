package io.squall.engine;

/**
 * Whether a rule matched a trigger and, when not, which criterion failed and why. {@code error} marks a criterion
 * that could not be evaluated (an operator type mismatch, a bad regex, a template error): StackStorm records those
 * as a failed RuleEnforcement, so callers should record them too; a plain non-match is not an error.
 */
public record MatchResult(boolean matched, String failedCriterion, String reason, boolean error) {
    private static final MatchResult MATCHED = new MatchResult(true, null, null, false);

    public static MatchResult match() {
        return MATCHED;
    }

    public static MatchResult noMatch(String criterion, String reason) {
        return new MatchResult(false, criterion, reason, false);
    }

    public static MatchResult failure(String criterion, String reason) {
        return new MatchResult(false, criterion, reason, true);
    }
}
