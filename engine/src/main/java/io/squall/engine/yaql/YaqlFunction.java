package io.squall.engine.yaql;

import java.util.List;
import java.util.Map;

/**
 * A function callable from an expression, such as Orquesta's {@code ctx()} or {@code task_status()}. Arguments arrive
 * evaluated and in the value model (null, Boolean, Long, Double, String, List, Map); a bare word argument
 * ({@code ctx(items)}) arrives as the String {@code "items"}; {@code name => value} arguments arrive in kwargs.
 * Functions registered this way are plain functions, not methods ({@code x.f()} does not find them), as in YAQL.
 */
@FunctionalInterface
public interface YaqlFunction {
    Object call(List<Object> args, Map<String, Object> kwargs, YaqlContext context) throws YaqlEvaluationException;
}
