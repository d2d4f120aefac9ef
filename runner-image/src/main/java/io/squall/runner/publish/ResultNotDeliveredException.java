package io.squall.runner.publish;

/** The result could not be delivered; the runner exits non-zero so the pod (and the Execution) fail visibly. */
public class ResultNotDeliveredException extends Exception {
    public ResultNotDeliveredException(String message, Throwable cause) {
        super(message, cause);
    }
}
