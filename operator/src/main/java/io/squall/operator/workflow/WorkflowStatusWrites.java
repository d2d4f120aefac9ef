package io.squall.operator.workflow;

import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.execution.ExecutionStatusUpdater;
import io.squall.operator.execution.ExecutionTransitions.Transition;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Writes a running workflow's status summary off the reconcile thread, once the workflow rests: the latest summary
 * after {@link #QUIET} without a newer one, and at least every {@link #MAX_WAIT} while it keeps moving; a change of
 * phase at once, by the step itself (every transition written, with its Event, in order). The summary
 * is derived from the workflow's state in its bucket, which each step has stored before it hands the summary here,
 * so a write that is late, superseded or lost (a crash) loses nothing: the next step writes it again. On the
 * reconcile thread the write (the largest API call of a step) held up the step a child's end asks for, since JOSDK
 * reconciles one resource at a time, and written beside the next child's create it slowed that create down on a
 * busy API server.
 */
@ApplicationScoped
public class WorkflowStatusWrites {

    private static final Logger LOG = Logger.getLogger(WorkflowStatusWrites.class);
    static final Duration QUIET = Duration.ofMillis(250);
    static final Duration MAX_WAIT = Duration.ofSeconds(1);
    static final Duration RETRY = Duration.ofSeconds(2);

    /** A summary to write, when it was handed over, and since when the Execution has had one not written. */
    private record Pending(
            Execution execution,
            ExecutionPhase phase,
            Function<Execution, Optional<Transition>> change,
            Consumer<Execution> onTransition,
            long submitted,
            long waitingSince) {}

    private final ExecutionStatusUpdater updater;
    /** The latest summary not written yet, by Execution uid. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Executions with a writer scheduled or writing: one at a time for each, so writes land in order. */
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService writers;

    public WorkflowStatusWrites(ExecutionStatusUpdater updater) {
        this.updater = updater;
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "squall-workflow-status-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Writes {@code change}, the summary of a step that leaves the workflow in {@code phase}: now, on the calling
     * thread, when that is a new phase (so every transition is written and has its Event) or a final one; else once
     * the workflow rests, unless a later summary of the same Execution replaces it first.
     *
     * @param onTransition called with the written Execution when the write made the change's transition (the
     *                     updater records its Event)
     */
    public void write(
            Execution execution,
            ExecutionPhase phase,
            Function<Execution, Optional<Transition>> change,
            Consumer<Execution> onTransition) {
        String uid = execution.getMetadata().getUid();
        Pending earlier = pending.get(uid);
        ExecutionPhase known =
                earlier != null ? earlier.phase() : execution.getStatus() == null ? null : execution.getStatus().phase;
        if (phase.isFinal() || phase != known) {
            writeNow(execution, change, onTransition); // what is pending is of the phase written last: superseded
            return;
        }
        long now = System.nanoTime();
        pending.compute(
                uid,
                (k, before) -> new Pending(
                        execution, phase, change, onTransition, now, before == null ? now : before.waitingSince()));
        schedule(uid, QUIET.toNanos());
    }

    /** Writes {@code change} now, on the calling thread, instead of any summary still pending. */
    public void writeNow(
            Execution execution, Function<Execution, Optional<Transition>> change, Consumer<Execution> onTransition) {
        pending.remove(execution.getMetadata().getUid());
        long now = System.nanoTime();
        apply(new Pending(execution, null, change, onTransition, now, now));
    }

    private void schedule(String uid, long delayNanos) {
        if (scheduled.add(uid)) {
            writers.schedule(() -> run(uid), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void run(String uid) {
        long again = -1;
        try {
            Pending latest = pending.get(uid);
            if (latest == null) {
                return;
            }
            long now = System.nanoTime();
            long due = Math.min(latest.submitted() + QUIET.toNanos(), latest.waitingSince() + MAX_WAIT.toNanos());
            if (now < due) {
                again = due - now; // still moving: wait for it to rest
                return;
            }
            if (!pending.remove(uid, latest)) {
                again = 0; // replaced meanwhile: decide on the newer one
                return;
            }
            try {
                apply(latest);
            } catch (RuntimeException e) {
                // not lost: kept (unless a newer one came) and tried again; the workflow's next step writes it too
                pending.putIfAbsent(uid, latest);
                again = RETRY.toNanos();
                LOG.warnf(
                        "Workflow Execution %s/%s: its status could not be written (%s); trying again in %ss",
                        latest.execution().getMetadata().getNamespace(),
                        latest.execution().getMetadata().getName(),
                        e.getMessage(),
                        RETRY.toSeconds());
            }
        } finally {
            scheduled.remove(uid);
            if (pending.containsKey(uid)) {
                schedule(uid, Math.max(again, 0));
            }
        }
    }

    private void apply(Pending next) {
        // the updater records the transition's Event
        updater.update(next.execution(), next.change())
                .ifPresent(written ->
                        written.transition().ifPresent(t -> next.onTransition().accept(written.execution())));
    }

    @PreDestroy
    void stop() {
        writers.shutdownNow();
    }
}
