package io.squall.operator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * What happens when this replica stops holding the Lease. Losing it while running means another replica may
 * be leading now, so the process exits (Kubernetes restarts it as a follower). Giving it up because the
 * operator is shutting down is normal. JOSDK's own exit-on-stop-leading cannot tell the two apart: it calls
 * System.exit during shutdown, which blocks forever (observed: SIGTERM never finished), hence this handler.
 */
@Singleton
public class LeaseLossHandler {

    private static final Logger LOG = Logger.getLogger(LeaseLossHandler.class);

    private final IntConsumer exit;
    private volatile boolean shuttingDown;

    public LeaseLossHandler() {
        this(Quarkus::asyncExit);
    }

    LeaseLossHandler(IntConsumer exit) {
        this.exit = exit;
    }

    /** Runs before the operator stops (QOSDK observes ShutdownEvent with the default priority). */
    void onShutdown(@Observes @Priority(0) ShutdownEvent event) {
        shuttingDown = true;
    }

    public void leadershipLost() {
        if (shuttingDown) {
            LOG.info("Gave up the leader Lease because the operator is shutting down");
            return;
        }
        LOG.error("Lost the leader Lease while running: exiting so that only one replica reconciles");
        exit.accept(1);
    }
}
