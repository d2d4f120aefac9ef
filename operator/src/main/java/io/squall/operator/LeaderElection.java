package io.squall.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.timer.TimerScheduler;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.quartz.SchedulerException;

/**
 * The Lease that makes one operator replica the leader (only the leader reconciles and fires timers).
 * QOSDK uses it in the profiles of quarkus.operator-sdk.activate-leader-election-for-profiles (prod).
 */
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElectionConfiguration(
            SquallConfig config, LeaseLossHandler leaseLoss, TimerScheduler timers) {
        var leaderElection = config.leaderElection();
        return new LeaderElectionConfiguration(
                leaderElection.leaseName(),
                leaderElection.leaseNamespace().filter(ns -> !ns.isBlank()).orElse(null),
                leaderElection.leaseDuration(),
                leaderElection.renewDeadline(),
                leaderElection.retryPeriod(),
                null, // identity: the pod name (HOSTNAME)
                // timers start with the timer controller, which JOSDK runs only in the leader; they stop first
                new LeaderCallbacks(
                        () -> {},
                        () -> {
                            stopTimers(timers);
                            leaseLoss.leadershipLost();
                        },
                        leader -> {}),
                false); // LeaseLossHandler decides whether to exit
    }

    private static void stopTimers(TimerScheduler timers) {
        try {
            timers.unscheduleAll();
        } catch (SchedulerException e) {
            // the process exits next (LeaseLossHandler); a repeated fire is dropped by its trigger id anyway
            LOG.error("Could not stop the timers after losing the Lease", e);
        }
    }
}
