package io.squall.engine.yaql;

/**
 * An expression that failed while evaluating. {@link #kind()} is the name of the exception class Python YAQL would
 * raise ({@code NoFunctionRegisteredException}, {@code NoMatchingFunctionException}, {@code KeyError},
 * {@code TypeError}, ...), or {@code LimitExceeded} for a {@link YaqlLimits} violation; {@link #getMessage()} is only
 * the message, so Orquesta's {@code "%s: %s" % (e.__class__.__name__, e)} is {@code kind() + ": " + getMessage()}.
 * Custom functions raise their own kinds, e.g. {@code new YaqlEvaluationException("VariableUndefinedError",
 * "The variable \"items\" is undefined.")}.
 */
public class YaqlEvaluationException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final String LIMIT_EXCEEDED = "LimitExceeded";

    private final String kind;

    public YaqlEvaluationException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public YaqlEvaluationException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    /** {@code Kind: message}, as Orquesta prints YAQL errors. */
    public String describe() {
        return kind + ": " + getMessage();
    }
}
