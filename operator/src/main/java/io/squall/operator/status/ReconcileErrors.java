package io.squall.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.squall.api.v1alpha1.SquallStatus;
import java.time.Instant;

/**
 * An unexpected exception in a reconcile (JOSDK's {@code updateErrorStatus}) shown where users look: Ready=False,
 * reason {@value #REASON}, the exception's message (Keycloak's operator does the same), instead of only a log line.
 * JOSDK still retries; the next successful reconcile writes Ready again.
 */
public final class ReconcileErrors {

    public static final String REASON = "ReconcileError";
    /** A condition message is for people: the stack trace stays in the log. */
    static final int MAX_MESSAGE_CHARS = 1024;

    private ReconcileErrors() {}

    public static void show(SquallStatus status, Long generation, Exception error, Instant now) {
        ReadyCondition.apply(status, generation, false, REASON, message(error), now);
    }

    /** Whether Ready still shows a reconcile error. */
    public static boolean isShown(SquallStatus status) {
        Condition ready = status == null ? null : ReadyCondition.find(status.conditions);
        return ready != null && REASON.equals(ready.getReason());
    }

    /** Never empty (see {@link ReadyCondition#VALID_MESSAGE}), never unbounded. */
    static String message(Exception error) {
        String text = error.getMessage() == null || error.getMessage().isBlank()
                ? error.getClass().getName()
                : error.getMessage();
        String message = "reconcile failed, retrying: " + text;
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
