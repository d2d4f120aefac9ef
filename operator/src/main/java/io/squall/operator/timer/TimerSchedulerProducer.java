package io.squall.operator.timer;

import io.squall.operator.config.SquallConfig;
import io.squall.operator.trigger.OperatorTriggerPublisher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/** The operator's {@link TimerScheduler}, on the Quartz scheduler of quarkus-quartz (RAM store). */
public class TimerSchedulerProducer {

    @Produces
    @Singleton
    TimerScheduler timerScheduler(
            Scheduler quartz, OperatorTriggerPublisher publisher, Clock clock, SquallConfig config)
            throws SchedulerException {
        var grace = config.timers().misfireGrace();
        var window = config.jetstream().duplicateWindow();
        if (grace.compareTo(window) > 0) {
            // a slot fired by two leaders must fall inside the window in which JetStream drops the repeat
            throw new IllegalArgumentException("squall.timers.misfire-grace (" + grace
                    + ") must not exceed squall.jetstream.duplicate-window (" + window + ")");
        }
        return new TimerScheduler(quartz, publisher, clock, grace);
    }
}
