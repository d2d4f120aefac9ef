package io.squall.operator.timer;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.DateBuilder;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;

/**
 * When a timer fires. Every fire belongs to a <em>slot</em>, a point in time the schedule defines; a fire's trigger
 * id is derived from its slot, so two schedulers firing the same slot publish the same id (and JetStream keeps
 * one). Quartz fires the slots; {@link #slotAtOrBefore} maps any fire back to the slot it stands for (a misfired
 * fire runs late, at "now").
 */
public sealed interface TimerSchedule {

    /** The latest slot at or before {@code time} and not before {@code earliest}, if any. */
    Optional<Instant> slotAtOrBefore(Instant time, Instant earliest);

    /**
     * The Quartz schedule of the slots after the moment of scheduling. A fire later than Quartz's misfire threshold
     * fires once at once (Quartz "fire once now") and then keeps to the slots.
     */
    ScheduleBuilder<? extends Trigger> quartzSchedule();

    /** The first slot strictly after {@code time}, if any (where Quartz starts). */
    Optional<Instant> firstSlotAfter(Instant time);

    /**
     * core.timer.interval: every {@code period} counted from {@code anchor} (the Rule's creation), so every replica
     * computes the same slots: anchor + period, anchor + 2 period...
     */
    record Interval(Instant anchor, int delta, DateBuilder.IntervalUnit unit) implements TimerSchedule {

        public Duration period() {
            return switch (unit) {
                case SECOND -> Duration.ofSeconds(delta);
                case MINUTE -> Duration.ofMinutes(delta);
                case HOUR -> Duration.ofHours(delta);
                case DAY -> Duration.ofDays(delta);
                case WEEK -> Duration.ofDays(7L * delta);
                default -> throw new IllegalStateException("not an interval unit of StackStorm: " + unit);
            };
        }

        @Override
        public Optional<Instant> slotAtOrBefore(Instant time, Instant earliest) {
            long periodMillis = period().toMillis();
            long elapsed = time.toEpochMilli() - anchor.toEpochMilli();
            if (elapsed < periodMillis) {
                return Optional.empty();
            }
            Instant slot = anchor.plusMillis(elapsed / periodMillis * periodMillis);
            return slot.isBefore(earliest) ? Optional.empty() : Optional.of(slot);
        }

        @Override
        public Optional<Instant> firstSlotAfter(Instant time) {
            long periodMillis = period().toMillis();
            long elapsed = Math.max(0, time.toEpochMilli() - anchor.toEpochMilli());
            return Optional.of(anchor.plusMillis((elapsed / periodMillis + 1) * periodMillis));
        }

        @Override
        public ScheduleBuilder<? extends Trigger> quartzSchedule() {
            // calendar intervals are computed from the start time, so after a misfire the fires stay on the slots
            return CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
                    .withInterval(delta, unit)
                    .inTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC))
                    .withMisfireHandlingInstructionFireAndProceed();
        }
    }

    /** core.timer.cron: the slots of a Quartz cron expression in a time zone. */
    record Cron(String expression, ZoneId zone) implements TimerSchedule {

        public CronExpression cronExpression() {
            try {
                CronExpression cron = new CronExpression(expression);
                cron.setTimeZone(TimeZone.getTimeZone(zone));
                return cron;
            } catch (ParseException e) {
                // parsed when the schedule was built (TimerSchedules), so this is a programming error
                throw new IllegalStateException("invalid cron expression " + expression + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<Instant> slotAtOrBefore(Instant time, Instant earliest) {
            // Quartz cannot step backwards: walk forwards from the earliest allowed slot
            CronExpression cron = cronExpression();
            Instant latest = null;
            Date next = cron.getTimeAfter(Date.from(earliest.minusMillis(1)));
            while (next != null && !next.toInstant().isAfter(time)) {
                latest = next.toInstant();
                next = cron.getTimeAfter(next);
            }
            return Optional.ofNullable(latest);
        }

        @Override
        public Optional<Instant> firstSlotAfter(Instant time) {
            return Optional.ofNullable(cronExpression().getTimeAfter(Date.from(time)))
                    .map(Date::toInstant);
        }

        @Override
        public ScheduleBuilder<? extends Trigger> quartzSchedule() {
            return CronScheduleBuilder.cronSchedule(cronExpression()).withMisfireHandlingInstructionFireAndProceed();
        }
    }

    /** core.timer.date: one slot. */
    record Once(Instant at) implements TimerSchedule {

        @Override
        public Optional<Instant> slotAtOrBefore(Instant time, Instant earliest) {
            return at.isAfter(time) || at.isBefore(earliest) ? Optional.empty() : Optional.of(at);
        }

        @Override
        public Optional<Instant> firstSlotAfter(Instant time) {
            return at.isAfter(time) ? Optional.of(at) : Optional.empty();
        }

        @Override
        public ScheduleBuilder<? extends Trigger> quartzSchedule() {
            return SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow();
        }
    }
}
