package io.squall.operator.execution;

/**
 * An attempt cannot be started because of the execution's own inputs (a masked parameter without its Secret,
 * a missing script ConfigMap, a disabled Action); the message names the field, Secret or ConfigMap. Retrying
 * cannot help, so the execution fails with this message.
 */
public class ExecutionSetupException extends RuntimeException {

    public ExecutionSetupException(String message) {
        super(message);
    }
}
