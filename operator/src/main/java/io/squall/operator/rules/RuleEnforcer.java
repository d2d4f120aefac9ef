package io.squall.operator.rules;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.Rule;
import io.squall.engine.template.KvLookup;
import io.squall.operator.ApiErrors;
import io.squall.operator.Audit;
import io.squall.operator.execution.ExecutionCreator;
import io.squall.operator.execution.ExecutionStatusUpdater;
import io.squall.operator.execution.ExecutionTransitions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Enforces one matched rule for one trigger: makes sure the Execution exists, exactly once. Idempotent by
 * construction — the Execution's name comes from (rule, trigger id), a create that answers 409 AlreadyExists
 * means an earlier delivery did it — so a redelivered trigger is safe to enforce again. Order: the Secret with
 * secret parameter values first (the Execution never exists without it), then the Execution, then the Secret's
 * owner reference; a render error still creates the Execution, then writes it Failed.
 */
@Singleton
public final class RuleEnforcer {

    private static final Logger AUDIT = Audit.LOG;

    /** What enforcing did; the first three are new facts to count, the last ones were done by an earlier delivery. */
    public enum Outcome {
        /** The Execution was created. */
        CREATED,
        /** The Execution was created Failed: its parameters could not be rendered or checked. */
        CREATED_FAILED,
        /** No Execution: the Action or Workflow does not exist, or the API server rejected the Execution as invalid. */
        NOT_ENFORCED,
        /** The Execution existed already (a redelivered trigger). */
        EXISTED
    }

    public record Result(Outcome outcome, String executionName, String error) {}

    private final RulesCache cache;
    private final ExecutionFactory factory;
    private final ExecutionCreator creator;
    private final ExecutionStatusUpdater updater;
    private final RuleEvents events;
    private final Clock clock;

    public RuleEnforcer(
            RulesCache cache,
            ExecutionFactory factory,
            ExecutionCreator creator,
            ExecutionStatusUpdater updater,
            RuleEvents events,
            Clock clock) {
        this.creator = creator;
        this.updater = updater;
        this.cache = cache;
        this.factory = factory;
        this.events = events;
        this.clock = clock;
    }

    /** @throws RetryLaterException when the API server fails; nothing half-done is lost by enforcing again */
    public Result enforce(Rule rule, TriggerEvent trigger, KvLookup kv) {
        String namespace = rule.getMetadata().getNamespace();
        var ref = rule.getSpec().action;
        ActionKind kind = ref.kind == null ? ActionKind.Action : ref.kind;
        Optional<Target> target = cache.target(namespace, kind, ref.ref);
        if (target.isEmpty()) {
            String error = "spec.action.ref: " + kind + " \"" + ref.ref + "\" not found in namespace \"" + namespace
                    + "\"; trigger " + trigger.id() + " was not enforced";
            events.record(rule, trigger, RuleEvents.ACTION_NOT_FOUND, error);
            AUDIT.warnf(
                    "rule=%s/%s trigger=%s not enforced: %s",
                    namespace, rule.getMetadata().getName(), trigger.id(), error);
            return new Result(Outcome.NOT_ENFORCED, null, error);
        }
        ExecutionFactory.Draft draft = factory.draft(rule, trigger, target.get(), kv);
        String name = draft.execution().getMetadata().getName();
        ExecutionCreator.Created result;
        try {
            // the name comes from (rule, trigger id): a namesake is what an earlier delivery created
            result = creator.create(draft.execution(), draft.secretParameters(), existing -> true);
        } catch (ExecutionCreator.CreateException e) {
            if (!e.isExecutionRefused() || !ApiErrors.isPermanent(e.getCause())) {
                throw RetryLaterException.of(e.what(), e.getCause());
            }
            String error = "Execution " + name + " rejected by the API server: " + ApiErrors.describe(e.getCause());
            if (draft.secretParameters() != null) {
                try {
                    creator.discard(draft.secretParameters());
                } catch (ExecutionCreator.CreateException d) {
                    throw RetryLaterException.of(d.what(), d.getCause());
                }
            }
            events.record(rule, trigger, RuleEvents.ENFORCEMENT_FAILED, error);
            return new Result(Outcome.NOT_ENFORCED, name, error);
        }
        Execution execution = result.execution();
        boolean created = result.created();
        if (draft.failed()) {
            if (execution != null) {
                markFailed(execution, draft.error());
            }
            if (created) {
                events.recordBestEffort(rule, trigger, RuleEvents.ENFORCEMENT_FAILED, draft.error());
            }
        }
        if (created) {
            AUDIT.infof(
                    "rule=%s/%s trigger=%s execution=%s %s",
                    namespace,
                    rule.getMetadata().getName(),
                    trigger.id(),
                    name,
                    draft.failed() ? "created Failed: " + draft.error() : "created");
        }
        Outcome outcome = !created ? Outcome.EXISTED : draft.failed() ? Outcome.CREATED_FAILED : Outcome.CREATED;
        return new Result(outcome, name, draft.error());
    }

    /**
     * Writes it Failed with the error (the same transition the lifecycle applies when it sees the annotation first),
     * through the one writer of Execution status: a concurrent write is re-read and re-applied, never overwritten.
     */
    private void markFailed(Execution execution, String error) {
        String what = "cannot write status Failed of Execution "
                + execution.getMetadata().getNamespace() + "/"
                + execution.getMetadata().getName();
        try {
            updater.update(execution, copy -> ExecutionTransitions.failedToStart(copy, error, clock.instant()));
        } catch (KubernetesClientException e) {
            throw RetryLaterException.of(what, e);
        } catch (IllegalStateException e) {
            // its status kept changing: the redelivered trigger writes it again
            throw new RetryLaterException(what + ": " + e.getMessage(), e);
        }
    }
}
