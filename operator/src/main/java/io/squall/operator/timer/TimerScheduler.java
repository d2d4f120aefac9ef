package io.squall.operator.timer;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.TriggerEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * The timers of the Rules this operator leads, as Quartz jobs (group {@value #GROUP}), and what a fire does:
 * publish the trigger event of its slot (see {@link TimerFire}).
 * <p>
 * Misfire policy. A slot is fired at most {@code grace} late, never later, and its trigger id depends only on
 * (rule, slot), so:
 * <ul>
 * <li>a fire Quartz runs late (a pause, a busy pool) still publishes its slot's id, once;</li>
 * <li>when this replica takes over a timer (it became the leader, or started), the latest slot of the last
 * {@code grace} that is not older than the Rule is fired once at once ("fire once now"): the old leader may have
 * died just before it; if it did fire it, JetStream drops the repeat as a duplicate, because grace is within the
 * stream's duplicate window;</li>
 * <li>older slots, and slots of a schedule that changed while this replica ran it, are not fired.</li>
 * </ul>
 */
public class TimerScheduler {

    public static final String GROUP = "squall-timers";
    /** The slot a catch-up trigger fires (epoch milliseconds), in its job data. */
    static final String SLOT = "slot";

    static final String SCHEDULER = "squall-timer-scheduler";
    private static final Logger LOG = Logger.getLogger(TimerScheduler.class);
    private static final Duration PUBLISH_RETRY = Duration.ofSeconds(2);

    /** Stores a trigger event in JetStream; returns only once it is stored. */
    @FunctionalInterface
    public interface Publisher {
        void publish(TriggerEvent event) throws IOException, JetStreamApiException;
    }

    /** What {@link #schedule} did. */
    public enum Outcome {
        SCHEDULED,
        RESCHEDULED,
        UNCHANGED,
        EXPIRED
    }

    /** A timer as scheduled: the Rule's timer type and parameters, and the slots they give. */
    public record Timer(
            TimerKey key,
            String triggerType,
            Map<String, JsonNode> parameters,
            TimerSchedule schedule,
            Instant notBefore) {}

    private final Scheduler quartz;
    private final Publisher publisher;
    private final Clock clock;
    private final Duration grace;
    private final String contextKey = SCHEDULER + "-" + UUID.randomUUID();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public TimerScheduler(Scheduler quartz, Publisher publisher, Clock clock, Duration grace)
            throws SchedulerException {
        this.quartz = quartz;
        this.publisher = publisher;
        this.clock = clock;
        this.grace = grace;
        // jobs find their scheduler here (Quartz creates job instances itself)
        quartz.getContext().put(contextKey, this);
    }

    /**
     * Starts the timer of a Rule, or changes it when its type, parameters or schedule changed. The timer's
     * notBefore (the Rule's creation) bounds the slots: none before it is ever fired.
     */
    public synchronized Outcome schedule(Timer timer) throws SchedulerException {
        String name = timer.key().quartzName();
        Timer current = timers.get(name);
        if (timer.equals(current)) {
            return Outcome.UNCHANGED;
        }
        Instant now = clock.instant();
        removeJob(name);
        JobDetail job = JobBuilder.newJob(TimerJob.class)
                .withIdentity(name, GROUP)
                .usingJobData(SCHEDULER, contextKey)
                .build();
        Set<Trigger> triggers = new HashSet<>();
        // the slot due just before this replica took the timer over: fire it once, now
        boolean takeover = current == null || !current.key().equals(timer.key());
        Optional<Instant> due = takeover
                ? timer.schedule().slotAtOrBefore(now, latest(now.minus(grace), timer.notBefore()))
                : Optional.empty();
        due.ifPresent(slot -> triggers.add(TriggerBuilder.newTrigger()
                .withIdentity(name + "#due", GROUP)
                .usingJobData(SLOT, slot.toEpochMilli())
                .startNow()
                .build()));
        Optional<Instant> first = timer.schedule().firstSlotAfter(now);
        first.ifPresent(start -> triggers.add(TriggerBuilder.newTrigger()
                .withIdentity(name, GROUP)
                .withSchedule(timer.schedule().quartzSchedule())
                .startAt(Date.from(start))
                .build()));
        if (triggers.isEmpty()) {
            // a date in the past: StackStorm does not schedule expired timers either
            timers.remove(name);
            LOG.infof(
                    "Timer of rule %s/%s is in the past (%s): not scheduled",
                    timer.key().namespace(), timer.key().rule(), timer.parameters());
            return Outcome.EXPIRED;
        }
        timers.put(name, timer);
        // Quartz deletes the job once its last trigger is done (a date timer after its fire)
        quartz.scheduleJob(job, triggers, true);
        LOG.infof(
                "Timer of rule %s/%s %s: %s, next fire %s%s",
                timer.key().namespace(),
                timer.key().rule(),
                current == null ? "scheduled" : "rescheduled",
                timer.parameters(),
                first.map(Instant::toString).orElse("none"),
                due.map(slot -> ", firing the due slot " + slot + " now").orElse(""));
        return current == null ? Outcome.SCHEDULED : Outcome.RESCHEDULED;
    }

    /** Stops the timer of a deleted Rule, unless the timer belongs to a newer Rule of the same name. */
    public synchronized boolean unschedule(TimerKey deleted) throws SchedulerException {
        Timer current = timers.get(deleted.quartzName());
        if (current != null && !current.key().equals(deleted)) {
            return false;
        }
        return unschedule(deleted.namespace(), deleted.rule());
    }

    /** Stops the timer of a Rule (disabled, no longer a timer); false when it had none. */
    public synchronized boolean unschedule(String namespace, String rule) throws SchedulerException {
        String name = new TimerKey(namespace, rule, "").quartzName();
        boolean had = timers.remove(name) != null;
        removeJob(name);
        if (had) {
            LOG.infof("Timer of rule %s/%s removed", namespace, rule);
        }
        return had;
    }

    /** Stops every timer: this replica is no longer the leader. */
    public synchronized void unscheduleAll() throws SchedulerException {
        for (String name : Map.copyOf(timers).keySet()) {
            timers.remove(name);
            if (!quartz.isShutdown()) { // on shutdown Quartz has stopped first
                removeJob(name);
            }
        }
        LOG.info("All timers stopped");
    }

    /** The timers now scheduled, by namespace/rule. */
    public Map<String, Timer> timers() {
        return Map.copyOf(timers);
    }

    /** Whether Quartz holds a job for the Rule (what actually fires). */
    public boolean hasJob(String namespace, String rule) throws SchedulerException {
        return quartz.checkExists(JobKey.jobKey(new TimerKey(namespace, rule, "").quartzName(), GROUP));
    }

    /** A Quartz fire of a timer's job: publish its slot unless the slot is more than grace late. */
    void fire(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        Timer timer = timers.get(name);
        if (timer == null) {
            return; // removed while the fire was starting
        }
        Instant firedAt = context.getFireTime().toInstant();
        Optional<Instant> slot = context.getTrigger().getJobDataMap().containsKey(SLOT)
                ? Optional.of(Instant.ofEpochMilli(
                        context.getTrigger().getJobDataMap().getLong(SLOT)))
                : timer.schedule()
                        .slotAtOrBefore(
                                context.getScheduledFireTime().toInstant(),
                                latest(firedAt.minus(grace), timer.notBefore()));
        if (slot.isEmpty() || slot.get().plus(grace).isBefore(firedAt)) {
            LOG.warnf(
                    "Timer of rule %s/%s fired at %s, more than %s after its slot: skipped",
                    timer.key().namespace(), timer.key().rule(), firedAt, grace);
            return;
        }
        TimerFire fire = new TimerFire(timer.key(), timer.triggerType(), timer.parameters(), slot.get());
        publish(fire.event(firedAt), slot.get().plus(grace));
    }

    /** Publishes, retrying while NATS is unreachable until {@code deadline} (after it the slot counts as missed). */
    private void publish(TriggerEvent event, Instant deadline) {
        while (true) {
            try {
                publisher.publish(event);
                LOG.debugf("Timer trigger %s published (%s)", event.id(), event.traceTag());
                return;
            } catch (IOException | JetStreamApiException e) {
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    LOG.errorf(
                            e,
                            "Timer trigger %s (%s) not published before %s: this fire is lost",
                            event.id(),
                            event.traceTag(),
                            deadline);
                    return;
                }
                LOG.warnf(
                        "Timer trigger %s (%s) not published yet: %s; retrying",
                        event.id(), event.traceTag(), e.getMessage());
                try {
                    Thread.sleep(Math.min(
                            PUBLISH_RETRY.toMillis(),
                            Duration.between(now, deadline).toMillis()));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    LOG.errorf("Timer trigger %s (%s) not published: interrupted", event.id(), event.traceTag());
                    return;
                }
            }
        }
    }

    /** Deletes the job with all its triggers. */
    private void removeJob(String name) throws SchedulerException {
        quartz.deleteJob(JobKey.jobKey(name, GROUP));
    }

    private static Instant latest(Instant a, Instant b) {
        return Objects.requireNonNull(a).isAfter(b) ? a : b;
    }
}
