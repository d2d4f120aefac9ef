package io.squall.sensors.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.squall.api.v1alpha1.KubernetesEventsConfig;
import io.squall.local.NatsServer;
import io.squall.sensors.sdk.Sensor;
import io.squall.sensors.sdk.SensorContext;
import io.squall.sensors.testing.TriggerStore;
import io.squall.sensors.testing.TriggerStore.StoredTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events created on the Fabric8 mock API server become triggers in a real nats-server. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesEventSensorTest {
    static KubernetesClient client;
    static NatsServer nats;
    static Sensor sensor;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        TriggerStore.create(nats);
        sensor = Sensor.connect(SensorContext.from(Map.of(
                SensorContext.SENSOR_NAME,
                "crashes",
                SensorContext.SENSOR_NAMESPACE,
                "team-a",
                SensorContext.NATS_URL,
                nats.url())));
    }

    @AfterAll
    static void stop() throws Exception {
        sensor.close();
        nats.close();
    }

    private static KubernetesEventSensor eventSensor(String name, KubernetesEventsConfig config) {
        return new KubernetesEventSensor(
                EventsSettings.from(config, "team-a"),
                "team-a",
                name,
                client,
                sensor,
                new EventWatermark(sensor::keyValue, "team-a", name),
                Clock.systemUTC());
    }

    private static KubernetesEventsConfig config(
            String namespace, String fieldSelector, String labelSelector, List<String> reasons, String eventType) {
        KubernetesEventsConfig config = new KubernetesEventsConfig();
        config.namespaces = List.of(namespace);
        config.fieldSelector = fieldSelector;
        config.labelSelector = labelSelector;
        config.reasons = reasons;
        config.eventType = eventType;
        return config;
    }

    private static Event event(String namespace, String name, String kind, String reason, String type, Instant at) {
        return new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app", "web")
                .endMetadata()
                .withReason(reason)
                .withType(type)
                .withMessage(reason + " on " + name)
                .withNewInvolvedObject()
                .withKind(kind)
                .withName(name.split("\\.")[0])
                .withNamespace(namespace)
                .withUid("uid-" + name)
                .endInvolvedObject()
                .withCount(1)
                .withFirstTimestamp(at.toString())
                .withLastTimestamp(at.toString())
                .withNewSource()
                .withComponent("kubelet")
                .withHost("node-1")
                .endSource()
                .build();
    }

    private static Event create(Event event) {
        return client.v1()
                .events()
                .inNamespace(event.getMetadata().getNamespace())
                .resource(event)
                .create();
    }

    private static List<StoredTrigger> triggersOf(String sensorName) throws Exception {
        return TriggerStore.read(nats).stream()
                .filter(t -> t.event().source().equals("sensor/" + sensorName))
                .toList();
    }

    private static List<String> names(List<StoredTrigger> triggers) {
        return triggers.stream()
                .map(t -> t.event().payload().get("name").asText())
                .toList();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void matchingEventsBecomeTriggersAndFiltersApply() throws Exception {
        create(event("apps", "old.1", "Pod", "BackOff", "Warning", now().minus(Duration.ofHours(1))));
        // Field selectors are evaluated by the API server (the sensor passes them on, see EventsSettings); the mock
        // server's watch drops events under a `!=` field selector, so none is used here.
        KubernetesEventSensor sensor = eventSensor(
                "crashes", config("apps", null, "app=web", List.of("BackOff", "FailedScheduling"), "Warning"));
        sensor.start();
        await().atMost(Duration.ofSeconds(30))
                .until(sensor::watching); // the cutoff is the start: events before it are skipped
        try {
            create(event("apps", "web-1.a", "Pod", "BackOff", "Warning", now()));
            create(event("apps", "web-1.b", "Pod", "Pulled", "Warning", now())); // reason filtered
            create(event("apps", "web-1.c", "Pod", "FailedScheduling", "Normal", now())); // type filtered
            Event unlabelled = event("apps", "node-1.d", "Node", "BackOff", "Warning", now());
            unlabelled.getMetadata().setLabels(Map.of("app", "db"));
            create(unlabelled); // label selector
            create(event("apps", "web-1.g", "Pod", "BackOff", "Warning", now()));
            create(event("other", "web-2.e", "Pod", "BackOff", "Warning", now())); // other namespace
            create(event("apps", "web-3.f", "Pod", "FailedScheduling", "Warning", now()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> triggersOf("crashes").size() >= 3);

            // events are delivered in order: the filtered ones were seen before web-3.f and dropped
            List<StoredTrigger> triggers = triggersOf("crashes");
            assertThat(names(triggers)).containsExactly("web-1.a", "web-1.g", "web-3.f");
            StoredTrigger first = triggers.get(0);
            assertThat(first.subject()).isEqualTo("squall.trigger.team-a.core.kubernetes.event");
            assertThat(first.msgId()).isEqualTo(first.event().id());
            JsonNode payload = first.event().payload();
            assertThat(payload.get("reason").asText()).isEqualTo("BackOff");
            assertThat(payload.get("type").asText()).isEqualTo("Warning");
            assertThat(payload.get("message").asText()).isEqualTo("BackOff on web-1.a");
            assertThat(payload.get("namespace").asText()).isEqualTo("apps");
            assertThat(payload.at("/involvedObject/kind").asText()).isEqualTo("Pod");
            assertThat(payload.at("/involvedObject/name").asText()).isEqualTo("web-1");
            assertThat(payload.at("/involvedObject/uid").asText()).isEqualTo("uid-web-1.a");
            assertThat(payload.get("count").asInt()).isEqualTo(1);
            assertThat(payload.at("/source/component").asText()).isEqualTo("kubelet");
            assertThat(payload.get("lastTimestamp").asText()).isNotEmpty();
        } finally {
            sensor.stop();
        }
    }

    @Test
    void aRepeatIsANewTriggerButAMetadataUpdateOrARestartIsNot() throws Exception {
        KubernetesEventSensor first = eventSensor("repeats", config("jobs", null, null, List.of(), null));
        first.start();
        await().atMost(Duration.ofSeconds(30)).until(first::watching);
        Event created = create(event("jobs", "batch-1.a", "Pod", "BackOff", "Warning", now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> triggersOf("repeats").size() == 1);

        // only a label changes: same occurrence
        Event labelled = client.v1()
                .events()
                .inNamespace("jobs")
                .withName("batch-1.a")
                .edit(e -> new EventBuilder(e)
                        .editMetadata()
                        .addToLabels("seen", "yes")
                        .endMetadata()
                        .build());
        assertThat(labelled.getMetadata().getResourceVersion())
                .isNotEqualTo(created.getMetadata().getResourceVersion());
        // the kubelet reports it again
        client.v1()
                .events()
                .inNamespace("jobs")
                .withName("batch-1.a")
                .edit(e -> new EventBuilder(e)
                        .withCount(2)
                        .withLastTimestamp(now().plusSeconds(1).toString())
                        .build());
        await().atMost(Duration.ofSeconds(30)).until(() -> triggersOf("repeats").size() == 2);
        assertThat(triggersOf("repeats"))
                .extracting(t -> t.event().payload().get("count").asInt())
                .containsExactly(1, 2);
        first.stop();

        // while nobody watches, something happens
        create(event("jobs", "batch-2.b", "Pod", "BackOff", "Warning", now().plusSeconds(2)));

        // a new instance (new leader, restarted pod) lists everything again: only the unseen one is new
        KubernetesEventSensor second = eventSensor("repeats", config("jobs", null, null, List.of(), null));
        second.start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> triggersOf("repeats").size() >= 3);
            create(event("jobs", "batch-3.c", "Pod", "BackOff", "Warning", now().plusSeconds(3)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> triggersOf("repeats").size() >= 4);
            assertThat(names(triggersOf("repeats")))
                    .containsExactly("batch-1.a", "batch-1.a", "batch-2.b", "batch-3.c");
        } finally {
            second.stop();
        }
    }
}
