/**
 * A runner's result: consumed from the JetStream results stream ({@link ResultConsumer}, on the shared pull loop),
 * applied to its Execution through the one status writer ({@link ResultApplier}), kept whole in the object store
 * when large ({@link ResultStore}) and truncated for the status ({@link ResultTruncator}).
 */
package io.squall.operator.execution.result;
