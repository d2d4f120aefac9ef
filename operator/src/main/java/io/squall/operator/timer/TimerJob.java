package io.squall.operator.timer;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** The Quartz job of every timer: hands the fire to the {@link TimerScheduler} that scheduled it. */
public class TimerJob implements Job {

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        String key = context.getJobDetail().getJobDataMap().getString(TimerScheduler.SCHEDULER);
        try {
            TimerScheduler scheduler =
                    (TimerScheduler) context.getScheduler().getContext().get(key);
            if (scheduler == null) {
                throw new JobExecutionException("no timer scheduler " + key + " in the Quartz context");
            }
            scheduler.fire(context);
        } catch (SchedulerException e) {
            throw new JobExecutionException("cannot read the Quartz context: " + e.getMessage(), e);
        }
    }
}
