package io.squall.engine.yaql;

/**
 * The unchecked form of {@link YaqlEvaluationException} used inside the interpreter, so that errors can cross
 * iterators, comparators and lambdas; {@link ParsedExpression#evaluate} turns it back into the checked exception.
 */
final class YaqlError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    YaqlError(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    YaqlError(YaqlEvaluationException checked) {
        super(checked.getMessage(), checked, false, false);
        this.kind = checked.kind();
    }

    String kind() {
        return kind;
    }

    YaqlEvaluationException checked() {
        if (getCause() instanceof YaqlEvaluationException e) {
            return e;
        }
        return new YaqlEvaluationException(kind, getMessage());
    }
}
