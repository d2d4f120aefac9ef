package io.squall.engine.criteria;

/**
 * A criterion that cannot be evaluated (StackStorm: an exception inside the operator, e.g. comparing str with int).
 * The rule then does not match and the failure is recorded, exactly as StackStorm writes a failed RuleEnforcement.
 */
public class CriterionException extends RuntimeException {
    public CriterionException(String message) {
        super(message);
    }

    public CriterionException(String message, Throwable cause) {
        super(message, cause);
    }
}
