package io.squall.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.squall.api.v1alpha1.Rule;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.timer.TimerKey;
import io.squall.operator.timer.TimerSchedule;
import io.squall.operator.timer.TimerScheduler;
import io.squall.operator.timer.TimerSchedules;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.quartz.SchedulerException;

/**
 * Keeps a Quartz timer for every enabled Rule whose trigger is core.timer.interval, core.timer.cron or
 * core.timer.date: creating or editing the Rule (re)schedules it, deleting or disabling it removes it. JOSDK runs
 * this controller only in the leader, so only the leader has timers; the Rule's status is the Rule controller's
 * (its validation reports bad timer parameters). Deletions come from {@link RuleDeletionEventSource}: no finalizer.
 */
@ControllerConfiguration(name = TimerReconciler.NAME)
public class TimerReconciler implements Reconciler<Rule> {

    public static final String NAME = "timer";
    private static final Logger LOG = Logger.getLogger(TimerReconciler.class);

    private final TimerScheduler scheduler;
    private final boolean active;

    public TimerReconciler(TimerScheduler scheduler, SquallConfig config) {
        this.scheduler = scheduler;
        this.active = config.timers().enabled() && config.nats().enabled();
        if (!active) {
            LOG.info("Timers are off (squall.timers.enabled=false or squall.nats.enabled=false): no timer fires");
        }
    }

    @Override
    public List<EventSource<?, Rule>> prepareEventSources(EventSourceContext<Rule> context) {
        return List.of(new RuleDeletionEventSource(context, this::deleted));
    }

    private void deleted(Rule rule) {
        try {
            scheduler.unschedule(new TimerKey(
                    rule.getMetadata().getNamespace(),
                    rule.getMetadata().getName(),
                    rule.getMetadata().getUid()));
        } catch (SchedulerException e) {
            // the fire checks the timer is still registered; a leftover Quartz job publishes nothing
            LOG.errorf(
                    e,
                    "Could not remove the Quartz job of deleted rule %s/%s",
                    rule.getMetadata().getNamespace(),
                    rule.getMetadata().getName());
        }
    }

    @Override
    public UpdateControl<Rule> reconcile(Rule rule, Context<Rule> context) throws SchedulerException {
        String namespace = rule.getMetadata().getNamespace();
        String name = rule.getMetadata().getName();
        RuleSpec spec = rule.getSpec();
        if (!active || !isEnabledTimer(spec)) {
            scheduler.unschedule(namespace, name);
            return UpdateControl.noUpdate();
        }
        Instant created = Instant.parse(rule.getMetadata().getCreationTimestamp());
        TimerSchedule schedule;
        try {
            schedule = TimerSchedules.parse(spec.trigger.type, spec.trigger.parameters, created);
        } catch (TimerSchedules.InvalidTimerException e) {
            // the Rule's Ready condition says the same (RuleValidator); a bad timer never fires
            LOG.debugf("Rule %s/%s: %s", namespace, name, e.getMessage());
            scheduler.unschedule(namespace, name);
            return UpdateControl.noUpdate();
        }
        scheduler.schedule(new TimerScheduler.Timer(
                new TimerKey(namespace, name, rule.getMetadata().getUid()),
                spec.trigger.type,
                spec.trigger.parameters,
                schedule,
                created));
        return UpdateControl.noUpdate();
    }

    /** Whether the Rule is enabled with a core.timer.* trigger, i.e. has a timer. */
    public static boolean isEnabledTimer(RuleSpec spec) {
        return spec != null
                && spec.trigger != null
                && TimerSchedules.isTimer(spec.trigger.type)
                && !Boolean.FALSE.equals(spec.enabled);
    }
}
