package io.squall.sensors;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a {@link LeaderTask} only while this replica holds the sensor's Lease, so two replicas never emit
 * the same trigger twice. After losing the Lease it stops the task and competes again.
 */
public final class LeaderGate implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LeaderGate.class);

    /** Lease timings; the leader stops at renewDeadline, before another can take over at leaseDuration. */
    public record Timings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static final Timings DEFAULT =
                new Timings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    private final KubernetesClient client;
    private final String leaseNamespace;
    private final String leaseName;
    private final String identity;
    private final Timings timings;
    private final LeaderTask task;
    // start/stop of the task run here, in order, never on the elector's threads
    private final ExecutorService taskThread =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "squall-leader-task"));
    private final ExecutorService electorThreads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "squall-leader-election");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean leading;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    public LeaderGate(
            KubernetesClient client,
            String leaseNamespace,
            String leaseName,
            String identity,
            Timings timings,
            LeaderTask task) {
        this.client = client;
        this.leaseNamespace = leaseNamespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.timings = timings;
        this.task = task;
    }

    /** The Lease name of a sensor: squall-sensor-&lt;name&gt;. */
    public static String leaseName(String sensorName) {
        return "squall-sensor-" + sensorName;
    }

    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("leader gate " + describe() + " is closed");
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(leaseNamespace, leaseName, identity))
                .withLeaseDuration(timings.leaseDuration())
                .withRenewDeadline(timings.renewDeadline())
                .withRetryPeriod(timings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        this::onStartLeading,
                        this::onStopLeading,
                        leader -> LOG.infof(
                                "Lease %s: leader is now %s",
                                describe(), leader == null || leader.isEmpty() ? "nobody (released)" : leader)))
                .build();
        election = new LeaderElectorBuilder(client, electorThreads)
                .withConfig(config)
                .build()
                .start();
        election.whenComplete((ignored, error) -> {
            if (error != null && !closed) {
                LOG.warnf("Lease %s: election ended with %s; competing again", describe(), error.toString());
            }
            onStopLeading();
            restartUnlessClosed();
        });
    }

    private synchronized void restartUnlessClosed() {
        if (!closed) {
            start();
        }
    }

    private synchronized void onStartLeading() {
        if (closed || leading) {
            return;
        }
        leading = true;
        LOG.infof("Lease %s: %s is leader, starting", describe(), identity);
        taskThread.execute(task::start);
    }

    private synchronized void onStopLeading() {
        if (!leading) {
            return;
        }
        leading = false;
        LOG.infof("Lease %s: %s is no longer leader, stopping", describe(), identity);
        taskThread.execute(task::stop);
    }

    public boolean isLeader() {
        return leading;
    }

    public String describe() {
        return leaseNamespace + "/" + leaseName;
    }

    /** Stops the task first, then gives the Lease up so another replica takes over at once. */
    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            closed = true;
            current = election;
        }
        onStopLeading();
        taskThread.shutdown();
        try {
            if (!taskThread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warnf("Lease %s: task did not stop within 30s", describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (current != null) {
            current.cancel(true); // the elector releases the Lease (releaseOnCancel)
        }
        electorThreads.shutdownNow();
    }
}
