package io.squall.engine.yaql;

/**
 * Bounds on one evaluation, because expressions come from namespace users of a multi-tenant operator: the size of
 * any list or dict produced, the length of any string produced, the nesting depth of evaluation (and of parsing),
 * and the number of evaluation steps (each evaluated node, each element a query yields, regex backtracking).
 * Exceeding one raises a {@link YaqlEvaluationException} of kind {@link YaqlEvaluationException#LIMIT_EXCEEDED}.
 */
public record YaqlLimits(int maxCollectionSize, int maxStringLength, int maxDepth, long maxOperations) {
    public static final YaqlLimits DEFAULT = new YaqlLimits(100_000, 1 << 20, 200, 1_000_000L);

    public YaqlLimits {
        if (maxCollectionSize < 0 || maxStringLength < 0 || maxDepth < 1 || maxOperations < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
