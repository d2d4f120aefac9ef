package io.squall.sensors.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.squall.api.messages.TriggerEvent;
import io.squall.sensors.LeaderTask;
import io.squall.sensors.sdk.TriggerDispatcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Watches core/v1 Events (informers, one per namespace) and emits one trigger per matching occurrence.
 * Events older than the watermark (the last emitted time, or the first start) are skipped; the trigger id
 * is derived from the occurrence, so a re-list re-sends only duplicates that JetStream drops.
 */
public final class KubernetesEventSensor implements LeaderTask {
    private static final Logger LOG = Logger.getLogger(KubernetesEventSensor.class);
    private static final Duration RETRY_MIN = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final EventsSettings settings;
    private final String namespace;
    private final String sensorName;
    private final KubernetesClient client;
    private final TriggerDispatcher dispatcher;
    private final EventWatermark watermark;
    private volatile boolean watching;
    private final Clock clock;
    private final AtomicLong emitted = new AtomicLong();
    private final List<SharedIndexInformer<Event>> informers = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean failed;
    private volatile Instant cutoff;
    private Thread starter;

    public KubernetesEventSensor(
            EventsSettings settings,
            String namespace,
            String sensorName,
            KubernetesClient client,
            TriggerDispatcher dispatcher,
            EventWatermark watermark,
            Clock clock) {
        this.settings = settings;
        this.namespace = namespace;
        this.sensorName = sensorName;
        this.client = client;
        this.dispatcher = dispatcher;
        this.watermark = watermark;
        this.clock = clock;
    }

    /** Loads the watermark and opens the informers on a thread of its own, retrying until both work. */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        failed = false;
        starter = new Thread(this::openWhenPossible, "squall-events-start-" + sensorName);
        starter.start();
    }

    private void openWhenPossible() {
        Duration delay = RETRY_MIN;
        while (running) {
            try {
                cutoff = watermark.loadOrInitialise(clock.instant());
                openInformers();
                watching = true;
                LOG.infof(
                        "kubernetes-events sensor %s: watching Events in %s, emitting those after %s",
                        sensorName, settings.namespaces(), cutoff);
                return;
            } catch (IOException | RuntimeException e) {
                closeInformers();
                LOG.warnf(
                        "kubernetes-events sensor %s: cannot start watching (retrying in %ds): %s",
                        sensorName, delay.toSeconds(), e.getMessage());
            }
            if (!sleep(delay)) {
                return;
            }
            delay = delay.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : delay.multipliedBy(2);
        }
    }

    private void openInformers() {
        for (String watched : settings.namespaces()) {
            var events = client.v1().events();
            FilterWatchListDeletable<Event, EventList, Resource<Event>> selection =
                    EventsSettings.ALL_NAMESPACES.equals(watched)
                            ? events.inAnyNamespace()
                            : events.inNamespace(watched);
            for (Map.Entry<String, String> field : settings.fieldsEqual().entrySet()) {
                selection = selection.withField(field.getKey(), field.getValue());
            }
            for (Map.Entry<String, String> field : settings.fieldsNotEqual().entrySet()) {
                selection = selection.withoutField(field.getKey(), field.getValue());
            }
            if (settings.labelSelector() != null) {
                selection = selection.withLabelSelector(settings.labelSelector());
            }
            SharedIndexInformer<Event> informer = selection.inform(handler(), 0);
            informer.stopped().whenComplete((ignored, error) -> {
                if (error != null && running) {
                    failed = true; // liveness turns down; the pod restarts
                    LOG.errorf(
                            "kubernetes-events sensor %s: the watch of %s stopped: %s",
                            sensorName, watched, error.getMessage());
                }
            });
            synchronized (informers) {
                informers.add(informer);
            }
            if (!running) {
                closeInformers(); // stopped while this one was opening
            }
        }
    }

    private ResourceEventHandler<Event> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Event event) {
                consider(event);
            }

            @Override
            public void onUpdate(Event before, Event after) {
                if (!EventView.occurrence(before).equals(EventView.occurrence(after))) {
                    consider(after);
                }
            }

            @Override
            public void onDelete(Event event, boolean finalStateUnknown) {
                // an Event expiring is not news
            }
        };
    }

    private void consider(Event event) {
        if (!running || !matches(event)) {
            return;
        }
        Optional<Instant> time = EventView.time(event);
        if (time.isPresent() && cutoff != null && time.get().isBefore(cutoff)) {
            LOG.debugf(
                    "kubernetes-events sensor %s: skipping %s/%s from %s (before %s)",
                    sensorName,
                    event.getMetadata().getNamespace(),
                    event.getMetadata().getName(),
                    time.get(),
                    cutoff);
            return;
        }
        String id = EventView.triggerId(namespace, sensorName, event);
        TriggerEvent trigger = new TriggerEvent(
                id,
                settings.triggerType(),
                namespace,
                EventView.payload(event),
                time.orElse(clock.instant()),
                "sensor/" + sensorName,
                "kubernetes-events-" + sensorName + "-" + id);
        if (dispatchUntilStored(trigger)) {
            emitted.incrementAndGet();
            time.ifPresent(this::advanceWatermark);
        }
    }

    /** Filters the API server cannot apply: any of the reasons, the event type. */
    boolean matches(Event event) {
        if (!settings.reasons().isEmpty() && !settings.reasons().contains(event.getReason())) {
            return false;
        }
        return settings.eventType() == null || settings.eventType().equals(event.getType());
    }

    /** Retries while this replica runs: the informer delivers in order, so waiting here loses nothing. */
    private boolean dispatchUntilStored(TriggerEvent trigger) {
        Duration delay = RETRY_MIN;
        while (running) {
            try {
                dispatcher.dispatch(trigger);
                return true;
            } catch (IOException e) {
                LOG.warnf(
                        "kubernetes-events sensor %s: trigger %s not stored (retrying in %ds): %s",
                        sensorName, trigger.id(), delay.toSeconds(), e.getMessage());
            }
            if (!sleep(delay)) {
                return false;
            }
            delay = delay.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : delay.multipliedBy(2);
        }
        return false;
    }

    private void advanceWatermark(Instant time) {
        try {
            watermark.advance(time);
        } catch (IOException e) {
            // the trigger is stored; a stale watermark only means duplicates after a restart, which JetStream drops
            LOG.warnf("kubernetes-events sensor %s: %s", sensorName, e.getMessage());
        }
    }

    @Override
    public void stop() {
        Thread starting;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            watching = false;
            starting = starter;
        }
        if (starting != null) {
            starting.interrupt();
        }
        closeInformers();
        LOG.infof("kubernetes-events sensor %s: stopped", sensorName);
    }

    private void closeInformers() {
        synchronized (informers) {
            informers.forEach(SharedIndexInformer::close);
            informers.clear();
        }
    }

    /** True once the cutoff is known and the watches are open: Events from now on are not missed. */
    public boolean watching() {
        return watching;
    }

    /** False once a watch has failed for good (e.g. RBAC forbids it). */
    public boolean healthy() {
        return !failed;
    }

    /** Triggers this instance has emitted. */
    public long emitted() {
        return emitted.get();
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
