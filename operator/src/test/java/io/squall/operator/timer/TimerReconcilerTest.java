package io.squall.operator.timer;

import static io.squall.operator.testsupport.Kube.WAIT;
import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Rule;
import io.squall.local.NatsServer;
import io.squall.operator.reconciler.TimerReconciler;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timer Rules in the operator (no leader election in tests: this replica leads) against the mock API server and
 * a real nats-server: fires land in SQUALL_TRIGGERS like every trigger, edits reschedule, deleting or disabling
 * removes the Quartz job.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class TimerReconcilerTest {

    @Inject
    KubernetesClient client;

    @Inject
    TimerScheduler timers;

    NatsServer nats;

    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        connection = Nats.connect(nats.url());
    }

    @AfterEach
    void close() throws InterruptedException {
        connection.close();
    }

    private static String rule(String namespace, String name, String trigger) {
        return "apiVersion: squall.io/v1alpha1\nkind: Rule\nmetadata: {name: " + name + ", namespace: " + namespace
                + "}\nspec:\n  trigger: " + trigger + "\n  action: {ref: notify}\n";
    }

    @Test
    void anIntervalRuleFiresIntoTheTriggerStreamAndDeletingItRemovesItsJob() throws Exception {
        String ns = "timer-interval";
        String subject = "squall.trigger." + ns + ".core.timer.interval";
        apply(
                client,
                rule(ns, "tick", "{type: core.timer.interval, parameters: {unit: seconds, delta: 1}}"),
                Rule.class);

        await().atMost(WAIT).until(() -> TimerStream.count(connection, subject) >= 2);
        List<TimerStream.Stored> stored = TimerStream.read(connection, subject);
        Rule rule =
                client.resources(Rule.class).inNamespace(ns).withName("tick").get();
        Instant created = Instant.parse(rule.getMetadata().getCreationTimestamp());
        for (TimerStream.Stored message : stored) {
            assertThat(message.event().type()).isEqualTo("core.timer.interval");
            assertThat(message.event().payload().get("rule").asText()).isEqualTo("tick");
            assertThat(message.event().payload().get("schedule").get("delta").asInt())
                    .isEqualTo(1);
            assertThat(message.event().payload().get("executed_at").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
            assertThat(message.messageId()).isEqualTo(message.event().id());
            // the id is the one of a slot of the Rule (creation + k seconds) at most a grace before the fire
            TimerKey key = new TimerKey(ns, "tick", rule.getMetadata().getUid());
            List<String> slotIds = new ArrayList<>();
            Instant firedAt = message.event().occurredAt();
            for (Instant slot = created.plusSeconds(1);
                    !slot.isAfter(firedAt.plus(TimerSchedulerTest.QUARTZ_EARLY));
                    slot = slot.plusSeconds(1)) {
                if (!slot.isBefore(firedAt.minusSeconds(60))) {
                    slotIds.add(
                            new TimerFire(key, "core.timer.interval", rule.getSpec().trigger.parameters, slot).id());
                }
            }
            assertThat(slotIds).contains(message.event().id());
        }
        assertThat(stored).extracting(s -> s.event().id()).doesNotHaveDuplicates();

        client.resource(rule).delete();
        await().atMost(WAIT).until(() -> !timers.hasJob(ns, "tick"));
        assertThat(timers.timers()).doesNotContainKey(ns + "/tick");
    }

    @Test
    void editingTheRuleReschedulesIt() throws Exception {
        String ns = "timer-edit";
        apply(
                client,
                rule(ns, "report", "{type: core.timer.interval, parameters: {unit: hours, delta: 1}}"),
                Rule.class);
        await().atMost(WAIT).until(() -> timers.timers().containsKey(ns + "/report"));
        assertThat(timers.timers().get(ns + "/report").schedule()).isInstanceOf(TimerSchedule.Interval.class);

        apply(client, rule(ns, "report", "{type: core.timer.cron, parameters: {second: '*'}}"), Rule.class);
        await().atMost(WAIT).until(() -> timers.timers().get(ns + "/report").schedule() instanceof TimerSchedule.Cron);
        assertThat(((TimerSchedule.Cron) timers.timers().get(ns + "/report").schedule()).expression())
                .isEqualTo("* * * * * ? *");
        String subject = "squall.trigger." + ns + ".core.timer.cron";
        await().atMost(WAIT).until(() -> TimerStream.count(connection, subject) >= 1);
        assertThat(TimerStream.read(connection, subject)
                        .get(0)
                        .event()
                        .payload()
                        .get("rule")
                        .asText())
                .isEqualTo("report");
        // the hourly interval never fired: it was replaced, not kept next to the cron timer
        assertThat(TimerStream.count(connection, "squall.trigger." + ns + ".core.timer.interval"))
                .isZero();

        // a timer firing every second would go on firing (and the rules engine on handling it) in the test
        // classes that share this application
        client.resources(Rule.class).inNamespace(ns).withName("report").delete();
        await().atMost(WAIT).until(() -> !timers.hasJob(ns, "report"));
    }

    @Test
    void disablingTheRuleRemovesItsJobAndEnablingRestoresIt() throws Exception {
        String ns = "timer-disable";
        String trigger = "{type: core.timer.cron, parameters: {hour: 3}}";
        apply(client, rule(ns, "nightly", trigger), Rule.class);
        await().atMost(WAIT).until(() -> timers.hasJob(ns, "nightly"));

        apply(client, rule(ns, "nightly", trigger) + "  enabled: false\n", Rule.class);
        await().atMost(WAIT).until(() -> !timers.hasJob(ns, "nightly"));

        apply(client, rule(ns, "nightly", trigger) + "  enabled: true\n", Rule.class);
        await().atMost(WAIT).until(() -> timers.hasJob(ns, "nightly"));
    }

    @Test
    void aDateTimerFiresOnceAtItsDate() throws Exception {
        String ns = "timer-date";
        Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        apply(client, rule(ns, "once", "{type: core.timer.date, parameters: {date: '" + at + "'}}"), Rule.class);
        String subject = "squall.trigger." + ns + ".core.timer.date";

        await().atMost(WAIT).until(() -> TimerStream.count(connection, subject) == 1);
        TimerStream.Stored fired = TimerStream.read(connection, subject).get(0);
        Rule rule =
                client.resources(Rule.class).inNamespace(ns).withName("once").get();
        assertThat(fired.event().id())
                .isEqualTo(new TimerFire(
                                new TimerKey(ns, "once", rule.getMetadata().getUid()),
                                "core.timer.date",
                                rule.getSpec().trigger.parameters,
                                at)
                        .id());
        assertThat(fired.event().occurredAt()).isAfterOrEqualTo(at.minus(TimerSchedulerTest.QUARTZ_EARLY));
        // Quartz drops the job after the one fire
        await().atMost(WAIT).until(() -> !timers.hasJob(ns, "once"));
    }

    @Test
    void onlyEnabledTimerRulesGetATimer() {
        assertThat(TimerReconciler.isEnabledTimer(io.squall.operator.testsupport.Resources.yaml(
                                rule("n", "r", "{type: core.webhook}"), Rule.class)
                        .getSpec()))
                .isFalse();
        assertThat(TimerReconciler.isEnabledTimer(io.squall.operator.testsupport.Resources.yaml(
                                rule("n", "r", "{type: core.timer.cron, parameters: {hour: 3}}") + "  enabled: false\n",
                                Rule.class)
                        .getSpec()))
                .isFalse();
        assertThat(TimerReconciler.isEnabledTimer(io.squall.operator.testsupport.Resources.yaml(
                                rule("n", "r", "{type: core.timer.cron, parameters: {hour: 3}}"), Rule.class)
                        .getSpec()))
                .isTrue();
    }
}
