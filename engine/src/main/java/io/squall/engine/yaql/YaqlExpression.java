package io.squall.engine.yaql;

/** A parsed expression: immutable, evaluate it any number of times, from any thread. */
public interface YaqlExpression {
    /** The result in the value model: null, Boolean, Long (BigInteger past 64 bits), Double, String, List, Map. */
    Object evaluate(YaqlContext context) throws YaqlEvaluationException;

    /** The expression text as given to {@link Yaql#parse}. */
    String source();
}
