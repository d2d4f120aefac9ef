package io.squall.operator.rules;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.operator.ApiErrors;

/**
 * The API server could not be reached or refused for a reason that may pass (5xx, 429, timeouts, RBAC being
 * fixed): the trigger is delivered again later, never acknowledged.
 */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code what} could not be done for {@code e}, described as {@link ApiErrors#describe} does. */
    static RetryLaterException of(String what, KubernetesClientException e) {
        return new RetryLaterException(what + ": " + ApiErrors.describe(e), e);
    }
}
