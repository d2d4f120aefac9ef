package io.squall.engine.workflow;

/**
 * An error the conductor logs as Orquesta does, {@code "<type>: <message>"}: {@code type} is Orquesta's (Python)
 * exception class name (YaqlEvaluationException, JinjaEvaluationException, TypeError, UnreachableJoinError...), so
 * the error log reads like Orquesta's and rehearsal specs written for Orquesta match.
 */
public class WorkflowException extends RuntimeException {
    private final String type;
    /** The spec field whose evaluation failed ({@code tasks.task1.input}), when known. */
    private String field;

    public WorkflowException(String type, String message) {
        super(message);
        this.type = type;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }

    /** Records the field being evaluated, unless a more precise one was recorded already. */
    public WorkflowException inField(String f) {
        if (field == null) {
            field = f;
        }
        return this;
    }

    /** The entry Orquesta writes to its error log. */
    public String logMessage() {
        return type + ": " + getMessage();
    }

    /** An expression evaluation error (Orquesta's ExpressionEvaluationException family). */
    public boolean isExpressionError() {
        return type.endsWith("EvaluationException");
    }
}
