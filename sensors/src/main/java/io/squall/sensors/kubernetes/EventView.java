package io.squall.sensors.kubernetes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSeries;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.squall.sensors.SensorIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.stream.Stream;

/** What a sensor needs from a core/v1 Event: its occurrence identity, time, and trigger payload. */
final class EventView {
    private EventView() {}

    /**
     * Identifies one occurrence: the Event object plus its repeat count and last time. A re-list or a
     * metadata-only update gives the same value; a repeat of the event (count+1) gives a new one.
     */
    static String occurrence(Event event) {
        EventSeries series = event.getSeries();
        return String.join(
                "/",
                event.getMetadata().getUid(),
                String.valueOf(event.getCount()),
                series == null ? "" : String.valueOf(series.getCount()),
                String.valueOf(event.getLastTimestamp()),
                series == null ? "" : microTime(series.getLastObservedTime()),
                microTime(event.getEventTime()));
    }

    static String triggerId(String namespace, String sensorName, Event event) {
        return SensorIds.idOf("kubernetes-event", namespace, sensorName, occurrence(event));
    }

    /**
     * When the event last happened: the latest of lastTimestamp, eventTime and series.lastObservedTime;
     * without any of them firstTimestamp, then the object's creation.
     */
    static Optional<Instant> time(Event event) {
        EventSeries series = event.getSeries();
        Optional<Instant> latest = Stream.of(
                        event.getLastTimestamp(),
                        microTime(event.getEventTime()),
                        series == null ? null : microTime(series.getLastObservedTime()))
                .map(EventView::parse)
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
        return latest.or(() -> parse(event.getFirstTimestamp()))
                .or(() -> parse(event.getMetadata().getCreationTimestamp()));
    }

    static ObjectNode payload(Event event) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("name", event.getMetadata().getName());
        payload.put("namespace", event.getMetadata().getNamespace());
        payload.put("uid", event.getMetadata().getUid());
        putIfPresent(payload, "reason", event.getReason());
        putIfPresent(payload, "type", event.getType());
        putIfPresent(payload, "message", event.getMessage());
        ObjectReference involved = event.getInvolvedObject();
        if (involved != null) {
            ObjectNode object = payload.putObject("involvedObject");
            putIfPresent(object, "kind", involved.getKind());
            putIfPresent(object, "name", involved.getName());
            putIfPresent(object, "namespace", involved.getNamespace());
            putIfPresent(object, "uid", involved.getUid());
            putIfPresent(object, "apiVersion", involved.getApiVersion());
            putIfPresent(object, "fieldPath", involved.getFieldPath());
        }
        if (event.getCount() != null) {
            payload.put("count", event.getCount());
        } else if (event.getSeries() != null && event.getSeries().getCount() != null) {
            payload.put("count", event.getSeries().getCount());
        }
        putIfPresent(payload, "firstTimestamp", event.getFirstTimestamp());
        putIfPresent(payload, "lastTimestamp", event.getLastTimestamp());
        putIfPresent(payload, "eventTime", microTime(event.getEventTime()));
        EventSource source = event.getSource();
        if (source != null && (source.getComponent() != null || source.getHost() != null)) {
            ObjectNode node = payload.putObject("source");
            putIfPresent(node, "component", source.getComponent());
            putIfPresent(node, "host", source.getHost());
        }
        putIfPresent(payload, "reportingController", event.getReportingComponent());
        putIfPresent(payload, "reportingInstance", event.getReportingInstance());
        putIfPresent(payload, "action", event.getAction());
        return payload;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static String microTime(MicroTime time) {
        return time == null ? null : time.getTime();
    }

    private static Optional<Instant> parse(String time) {
        if (time == null || time.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // an unparseable time is treated as absent; the others decide
        }
    }
}
