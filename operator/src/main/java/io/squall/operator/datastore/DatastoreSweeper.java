package io.squall.operator.datastore;

import io.quarkus.scheduler.Scheduled;
import io.squall.operator.LeaderCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * NATS 2.9 has no per-message TTL, so a key's expiry is kept with its value and it reads as missing from then on;
 * every squall.datastore.sweep-interval the leader deletes the expired keys so the bucket does not keep them.
 */
@ApplicationScoped
public class DatastoreSweeper {
    private static final Logger LOG = Logger.getLogger(DatastoreSweeper.class);

    private final OperatorDatastore datastore;
    private final LeaderCheck leader;
    private final io.squall.operator.nats.NatsConnector nats;

    public DatastoreSweeper(
            OperatorDatastore datastore, LeaderCheck leader, io.squall.operator.nats.NatsConnector nats) {
        this.datastore = datastore;
        this.leader = leader;
        this.nats = nats;
    }

    @Scheduled(
            every = "${squall.datastore.sweep-interval:30s}",
            delayed = "${squall.datastore.sweep-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        if (!nats.isEnabled() || nats.connection().isEmpty() || !leader.isLeader()) {
            return;
        }
        try {
            int deleted = datastore.datastore().sweepExpired();
            if (deleted > 0) {
                LOG.infof("datastore: deleted %d expired keys", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warnf(
                    "datastore: expired keys not swept this time (%s); trying again in the next interval",
                    e.getMessage());
        }
    }
}
