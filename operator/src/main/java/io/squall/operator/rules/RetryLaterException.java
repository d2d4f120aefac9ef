package io.squall.operator.rules;

/**
 * The API server could not be reached or refused for a reason that may pass (5xx, 429, timeouts, RBAC being
 * fixed): the trigger is delivered again later, never acknowledged.
 */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message, Throwable cause) {
        super(message, cause);
    }
}
