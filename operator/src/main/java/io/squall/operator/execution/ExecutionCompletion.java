package io.squall.operator.execution;

import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.nats.client.JetStreamApiException;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.execution.runner.JobObservation;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.trigger.OperatorTriggerPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A finished Execution: its concurrency slot released, a canceled one's Job stopped (also after a failed delete or a
 * restart), and its core.action.completed trigger published once. Nothing else changes a finished Execution.
 */
@ApplicationScoped
public class ExecutionCompletion {

    private static final Logger LOG = Logger.getLogger(ExecutionCompletion.class);

    private final SquallConfig config;
    private final ExecutionStatusUpdater updater;
    private final NatsConnector nats;
    private final OperatorTriggerPublisher triggers;
    private final ConcurrencySlots slots;
    private final AttemptObserver observer;
    private final Clock clock;

    public ExecutionCompletion(
            SquallConfig config,
            ExecutionStatusUpdater updater,
            NatsConnector nats,
            OperatorTriggerPublisher triggers,
            ConcurrencySlots slots,
            AttemptObserver observer,
            Clock clock) {
        this.config = config;
        this.updater = updater;
        this.nats = nats;
        this.triggers = triggers;
        this.slots = slots;
        this.observer = observer;
        this.clock = clock;
    }

    /** A finished execution: its core.action.completed trigger, once (the trigger id makes a repeat harmless). */
    public UpdateControl<Execution> finished(Execution execution, ClusterView view) {
        slots.release(execution);
        stopCanceledJob(execution, view);
        if (!nats.isEnabled() || Conditions.isTrue(execution.getStatus(), Conditions.TRIGGER_PUBLISHED)) {
            return UpdateControl.noUpdate();
        }
        var trigger = ActionCompletedTrigger.of(
                execution, view.action(execution.getSpec().action.name).orElse(null));
        try {
            triggers.publish(trigger);
        } catch (IOException | JetStreamApiException e) {
            Duration retry = config.nats().retryInterval();
            LOG.warnf(
                    "Execution %s/%s: %s trigger not published (%s); retrying in %ss",
                    execution.getMetadata().getNamespace(),
                    execution.getMetadata().getName(),
                    trigger.type(),
                    e.getMessage(),
                    retry.toSeconds());
            return UpdateControl.<Execution>noUpdate().rescheduleAfter(retry);
        }
        updater.update(execution, copy -> ExecutionTransitions.triggerPublished(copy, trigger.id(), clock.instant()));
        return UpdateControl.noUpdate();
    }

    /** A canceled execution's Job still running (also after a failed delete or a restart) is deleted. */
    private void stopCanceledJob(Execution execution, ClusterView view) {
        ExecutionStatus status = execution.getStatus();
        if (status.phase == ExecutionPhase.Canceled
                && status.jobName != null
                && view.job(status.jobName)
                        .filter(job -> !JobObservation.isFinished(job))
                        .isPresent()) {
            // the pod gets SIGTERM: the runner kills the action's processes
            observer.stopJob(execution.getMetadata().getNamespace(), status.jobName);
        }
    }
}
