package io.squall.operator.validation;

/**
 * One thing wrong with a resource: a condition reason (CamelCase, e.g. ActionNotFound), the field path
 * (e.g. {@code spec.action.ref}) and what is wrong with it.
 */
public record Problem(String reason, String field, String message) {

    /** The text users see in the Ready condition: {@code spec.action.ref: Action "foo" not found in namespace "bar"}. */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
