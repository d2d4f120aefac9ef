package io.squall.sensors.poll;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.TriggerEvent;
import io.squall.sensors.LeaderTask;
import io.squall.sensors.SensorIds;
import io.squall.sensors.sdk.TriggerDispatcher;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Every interval: fetch the document, and emit one trigger per item that is new or whose content changed
 * since it was last emitted. Emit first, record second: the trigger id is derived from (sensor, item key,
 * content hash, previous record revision), so a crash in between re-sends a duplicate JetStream drops.
 */
public final class PollSensor implements LeaderTask {
    private static final Logger LOG = Logger.getLogger(PollSensor.class);

    /** What one poll did. */
    public record Round(int items, int added, int changed, int skipped) {
        public int emitted() {
            return added + changed;
        }
    }

    private final PollSettings settings;
    private final String namespace;
    private final String sensorName;
    private final DocumentSource source;
    private final PollStateStore state;
    private final TriggerDispatcher dispatcher;
    private final AtomicLong rounds = new AtomicLong();
    private ScheduledExecutorService scheduler;

    public PollSensor(
            PollSettings settings,
            String namespace,
            String sensorName,
            DocumentSource source,
            PollStateStore state,
            TriggerDispatcher dispatcher) {
        this.settings = settings;
        this.namespace = namespace;
        this.sensorName = sensorName;
        this.source = source;
        this.state = state;
        this.dispatcher = dispatcher;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "squall-poll-" + sensorName));
        long interval = settings.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pollAndLog, 0, interval, TimeUnit.MILLISECONDS);
        LOG.infof(
                "poll sensor %s: polling %s every %ds",
                sensorName, source.describe(), settings.interval().toSeconds());
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warnf("poll sensor %s: the running poll did not stop within 30s", sensorName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        LOG.infof("poll sensor %s: stopped", sensorName);
    }

    /** How many polls this instance has started (for health output and tests). */
    public long rounds() {
        return rounds.get();
    }

    private void pollAndLog() {
        try {
            Round round = pollOnce();
            if (round.emitted() > 0 || round.skipped() > 0) {
                LOG.infof(
                        "poll sensor %s: %d items, %d new, %d changed, %d skipped",
                        sensorName, round.items(), round.added(), round.changed(), round.skipped());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the next round retries everything not recorded yet
            LOG.warnf("poll sensor %s: poll of %s failed: %s", sensorName, source.describe(), e.getMessage());
        }
    }

    /** One poll: fetch, compare with the recorded state, emit, record. Stops at the first emit that fails. */
    public Round pollOnce() throws IOException, InterruptedException {
        rounds.incrementAndGet();
        PolledItems.Extraction extraction = PolledItems.extract(source.fetch(), settings.itemsPath(), settings.key());
        extraction.problems().forEach(problem -> LOG.warnf("poll sensor %s: %s", sensorName, problem));
        int added = 0;
        int changed = 0;
        for (PolledItems.Item item : extraction.items()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("poll stopped");
            }
            PollStateStore.Seen seen = state.seen(item.key());
            if (item.contentHash().equals(seen.contentHash())) {
                continue;
            }
            boolean isNew = seen.revision() == 0;
            dispatcher.dispatch(event(item, isNew, seen));
            try {
                state.record(item.key(), item.contentHash(), seen);
            } catch (IOException e) {
                // another writer recorded it (e.g. a former leader finishing its round): its trigger id is ours
                LOG.warnf("poll sensor %s: %s", sensorName, e.getMessage());
            }
            if (isNew) {
                added++;
            } else {
                changed++;
            }
        }
        return new Round(
                extraction.items().size(), added, changed, extraction.problems().size());
    }

    private TriggerEvent event(PolledItems.Item item, boolean isNew, PollStateStore.Seen seen) {
        String id = SensorIds.idOf(
                "poll", namespace, sensorName, item.key(), item.contentHash(), Long.toString(seen.revision()));
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.set("item", item.item());
        payload.put("key", item.key());
        payload.put("change", isNew ? "new" : "changed");
        return new TriggerEvent(
                id,
                settings.triggerType(),
                namespace,
                payload,
                Instant.now(),
                "sensor/" + sensorName,
                "poll-" + sensorName + "-" + id);
    }
}
