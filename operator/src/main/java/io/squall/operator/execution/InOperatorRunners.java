package io.squall.operator.execution;

import io.nats.client.JetStreamApiException;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.RunnerType;
import io.squall.operator.datastore.KvActions;
import io.squall.operator.trigger.TriggerInjector;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * The runners the operator runs itself (no Job, no pod): kv (the datastore actions) and trigger
 * (core-inject-trigger). Each attempt ends at once with a result; a NATS that cannot take it now throws, and the
 * caller tries again later.
 */
@ApplicationScoped
public class InOperatorRunners {
    private final KvActions kv;
    private final TriggerInjector triggers;

    public InOperatorRunners(KvActions kv, TriggerInjector triggers) {
        this.kv = kv;
        this.triggers = triggers;
    }

    public ExecutionResult run(RunnerType runner, Execution execution, ExecutionRequest request)
            throws IOException, JetStreamApiException {
        return switch (runner) {
            case KV ->
                kv.run(
                        request,
                        execution.getSpec().context == null ? null : execution.getSpec().context.user,
                        execution.getMetadata().getUid() + "/" + request.attempt());
            case TRIGGER -> triggers.run(execution, request);
            default -> throw new IllegalArgumentException("runner " + runner + " does not run in the operator");
        };
    }
}
