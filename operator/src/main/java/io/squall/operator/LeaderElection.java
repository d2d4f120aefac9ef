package io.squall.operator;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.squall.operator.config.SquallConfig;

/**
 * The Lease that makes one operator replica the leader (only the leader reconciles and fires timers).
 * QOSDK uses it in the profiles of quarkus.operator-sdk.activate-leader-election-for-profiles (prod).
 */
public class LeaderElection {

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElectionConfiguration(SquallConfig config, LeaseLossHandler leaseLoss) {
        var leaderElection = config.leaderElection();
        return new LeaderElectionConfiguration(leaderElection.leaseName(),
                leaderElection.leaseNamespace().filter(ns -> !ns.isBlank()).orElse(null),
                leaderElection.leaseDuration(), leaderElection.renewDeadline(), leaderElection.retryPeriod(),
                null, // identity: the pod name (HOSTNAME)
                new LeaderCallbacks(() -> {
                }, leaseLoss::leadershipLost, leader -> {
                }),
                false); // LeaseLossHandler decides whether to exit
    }
}
