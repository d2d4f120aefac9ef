package io.squall.runner.publish;

import io.squall.api.messages.ExecutionResult;

/** Where the attempt's result goes: JetStream in a pod, stdout when run by hand. */
public interface ResultSink extends AutoCloseable {

    /** @throws ResultNotDeliveredException when the result could not be delivered within the sink's limits */
    void deliver(ExecutionResult result) throws ResultNotDeliveredException, InterruptedException;

    @Override
    default void close() {}
}
