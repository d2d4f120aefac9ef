package io.squall.operator.rules;

import static io.restassured.RestAssured.given;
import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.Rule;
import io.squall.local.NatsServer;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import io.squall.operator.trigger.DeadLetterPublisher;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules engine end to end: triggers published to a real nats-server, Rules and Actions on the (mock) API
 * server, Executions created exactly once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(RulesEngineTest.FastStatus.class)
class RulesEngineTest {

    public static class FastStatus implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("squall.rules.status-flush-interval", "1s", "squall.rules.retry-delay", "1s");
        }
    }

    NatsServer nats;

    @KubernetesTestServer
    KubernetesServer mockServer;

    @Inject
    KubernetesClient client;

    @Inject
    RulesEngine engine;

    private Connection connection;
    private TriggerPublisher publisher;

    @BeforeEach
    void connect() throws Exception {
        connection = Nats.connect(nats.url());
        publisher = new TriggerPublisher(connection.jetStream());
        await().atMost(Kube.WAIT).until(engine::isConsuming);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private void action(String namespace, String name, String parameters) {
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Action
                metadata: {name: %s, namespace: %s}
                spec:
                  runner: noop
                  parameters: %s
                """.formatted(name, namespace, parameters), Action.class);
    }

    private void rule(String namespace, String name, String spec) {
        apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Rule\nmetadata: {name: " + name + ", namespace: " + namespace
                        + "}\nspec:\n" + spec.indent(2),
                Rule.class);
    }

    /** Waits until the engine's index holds exactly these rules for the trigger type. */
    private void awaitIndexed(String namespace, String type, String... rules) {
        await().atMost(Kube.WAIT)
                .until(
                        () -> engine.ruleIndex().rulesFor(namespace, type).stream()
                                .map(r -> r.getMetadata().getName())
                                .collect(Collectors.toSet()),
                        names -> names.equals(Set.of(rules)));
    }

    private static TriggerEvent trigger(String namespace, String type, String id, String payload) throws Exception {
        return new TriggerEvent(
                id, type, namespace, Json.mapper().readTree(payload), Instant.now(), "test", "trace-" + id);
    }

    private List<Execution> executions(String namespace) {
        return client.resources(Execution.class).inNamespace(namespace).list().getItems();
    }

    private Set<String> executionNames(String namespace) {
        return executions(namespace).stream()
                .map(e -> e.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    private Execution awaitExecution(String namespace, String rule, String triggerId) {
        String name = EnforcementNames.executionName(namespace, rule, triggerId);
        return await().atMost(Kube.WAIT)
                .until(() -> Kube.get(client, Execution.class, namespace, name), java.util.Objects::nonNull);
    }

    private ConsumerInfo consumerInfo() throws Exception {
        return connection
                .jetStreamManagement()
                .getConsumerInfo(Subjects.TRIGGER_STREAM, Subjects.RULES_ENGINE_CONSUMER);
    }

    /** Every trigger published so far is processed and acknowledged. */
    private void awaitAllAcknowledged() {
        await().atMost(Kube.WAIT).until(() -> {
            ConsumerInfo info = consumerInfo();
            return info.getNumPending() == 0 && info.getNumAckPending() == 0;
        });
    }

    private Rule awaitRuleStatus(String namespace, String name, java.util.function.Predicate<Rule> condition) {
        return await().atMost(Kube.WAIT)
                .until(
                        () -> Kube.get(client, Rule.class, namespace, name),
                        rule -> rule != null && rule.getStatus() != null && condition.test(rule));
    }

    // --- tests ---------------------------------------------------------------------------------------------

    @Test
    void hundredsOfTriggersGiveExactlyTheExpectedExecutionsAcrossAConsumerRestartAndDuplicates() throws Exception {
        String ns = "rules-exactly-once";
        action(ns, "notify", "{message: {type: string, required: true}, host: {type: string}}");
        rule(ns, "critical", """
                trigger: {type: monitoring.alert}
                criteria:
                  trigger.severity: {type: equals, pattern: critical}
                action: {ref: notify, parameters: {message: 'critical on {{ trigger.host }}', host: '{{ trigger.host }}'}}
                """);
        rule(ns, "web-hosts", """
                trigger: {type: monitoring.alert}
                criteria:
                  trigger.host: {type: startswith, pattern: web-}
                action: {ref: notify, parameters: {message: 'web alert', host: '{{ trigger.host }}'}}
                """);
        rule(ns, "unhandled", """
                type: backstop
                trigger: {type: monitoring.alert}
                action: {ref: notify, parameters: {message: 'nobody handled {{ trigger.host }}'}}
                """);
        rule(ns, "never", """
                trigger: {type: monitoring.alert}
                criteria:
                  trigger.severity: {type: equals, pattern: nonexistent}
                action: {ref: notify, parameters: {message: never}}
                """);
        rule(ns, "other-type", """
                trigger: {type: monitoring.other}
                action: {ref: notify, parameters: {message: other}}
                """);
        awaitIndexed(ns, "monitoring.alert", "critical", "web-hosts", "unhandled", "never");

        int count = 300;
        List<TriggerEvent> triggers = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String severity = i % 3 == 0 ? "critical" : "info";
            String host = (i % 2 == 0 ? "web-" : "db-") + i;
            TriggerEvent trigger = trigger(
                    ns,
                    "monitoring.alert",
                    "alert-" + i,
                    "{\"severity\": \"" + severity + "\", \"host\": \"" + host + "\"}");
            triggers.add(trigger);
            boolean critical = i % 3 == 0;
            boolean web = i % 2 == 0;
            if (critical) {
                expected.add(EnforcementNames.executionName(ns, "critical", trigger.id()));
            }
            if (web) {
                expected.add(EnforcementNames.executionName(ns, "web-hosts", trigger.id()));
            }
            if (!critical && !web) {
                expected.add(EnforcementNames.executionName(ns, "unhandled", trigger.id()));
            }
        }

        for (TriggerEvent trigger : triggers.subList(0, count / 2)) {
            publisher.publish(trigger);
        }
        await().atMost(Kube.WAIT).until(() -> executions(ns).size() >= 20);
        engine.stopConsumer();
        assertThat(engine.isConsuming()).isFalse();

        for (TriggerEvent trigger : triggers.subList(count / 2, count)) {
            publisher.publish(trigger);
        }
        for (TriggerEvent trigger : triggers.subList(0, 50)) {
            // the same trigger id again: dropped by the stream's duplicate window ...
            publisher.publish(trigger);
            // ... and once more without Nats-Msg-Id, so the engine itself sees it twice
            connection.jetStream().publish(trigger.subject(), Json.toBytes(trigger));
        }
        engine.startConsumer();

        await().atMost(Kube.WAIT).until(() -> executionNames(ns).size() >= expected.size());
        awaitAllAcknowledged();
        assertThat(executionNames(ns)).isEqualTo(expected);

        Execution critical0 =
                Kube.get(client, Execution.class, ns, EnforcementNames.executionName(ns, "critical", "alert-0"));
        assertThat(critical0.getSpec().parameters.get("message").textValue()).isEqualTo("critical on web-0");
        assertThat(critical0.getSpec().context.rule).isEqualTo("critical");
        assertThat(critical0.getSpec().context.triggerId).isEqualTo("alert-0");
        assertThat(critical0.getSpec().context.triggerType).isEqualTo("monitoring.alert");
        assertThat(critical0.getSpec().context.traceTag).isEqualTo("trace-alert-0");
        assertThat(critical0.getSpec().context.trigger.path("host").textValue()).isEqualTo("web-0");
        assertThat(critical0.getMetadata().getLabels())
                .containsEntry(Names.LABEL_RULE, "critical")
                .containsEntry(Names.LABEL_TRIGGER_ID, "alert-0")
                .containsEntry(Names.LABEL_ACTION, "notify");
        Execution backstop =
                Kube.get(client, Execution.class, ns, EnforcementNames.executionName(ns, "unhandled", "alert-1"));
        assertThat(backstop.getSpec().parameters.get("message").textValue()).isEqualTo("nobody handled db-1");
        assertThat(client.resources(Execution.class)
                        .inNamespace(ns)
                        .withLabel(Names.LABEL_RULE, "never")
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void aMalformedTriggerIsDeadLetteredAndLaterTriggersStillRun() throws Exception {
        String ns = "rules-dead-letter";
        action(ns, "notify", "{message: {type: string}}");
        rule(ns, "any", """
                trigger: {type: core.webhook}
                action: {ref: notify, parameters: {message: '{{ trigger.body }}'}}
                """);
        awaitIndexed(ns, "core.webhook", "any");
        String subject = Subjects.trigger(ns, "core.webhook");

        connection.jetStream().publish(subject, "{\"id\": \"broken\", \"type\":".getBytes(StandardCharsets.UTF_8));
        TriggerEvent elsewhere = trigger("rules-somewhere-else", "core.webhook", "spoofed", "{}");
        connection.jetStream().publish(subject, Json.toBytes(elsewhere));
        publisher.publish(trigger(ns, "core.webhook", "good-1", "{\"body\": \"hello\"}"));

        Execution good = awaitExecution(ns, "any", "good-1");
        assertThat(good.getSpec().parameters.get("message").textValue()).isEqualTo("hello");

        // triggers are processed in parallel: the letters may be stored in any order, and after good-1 ran
        List<MessageInfo> letters = await().atMost(Kube.WAIT).until(() -> deadLetters(subject), l -> l.size() == 2);
        MessageInfo broken = letters.stream()
                .filter(l -> new String(l.getData(), StandardCharsets.UTF_8).equals("{\"id\": \"broken\", \"type\":"))
                .findFirst()
                .orElseThrow();
        assertThat(broken.getHeaders().getFirst(DeadLetterPublisher.ERROR_HEADER))
                .startsWith("TriggerEvent: ");
        MessageInfo spoofed =
                letters.stream().filter(l -> l != broken).findFirst().orElseThrow();
        assertThat(Json.fromBytes(spoofed.getData(), TriggerEvent.class).id()).isEqualTo("spoofed");
        assertThat(spoofed.getHeaders().getFirst(DeadLetterPublisher.ERROR_HEADER))
                .isEqualTo("trigger event: published on " + subject
                        + " but its namespace and type say squall.trigger.rules-somewhere-else.core.webhook");
        assertThat(executions("rules-somewhere-else")).isEmpty();
        assertThat(executions(ns)).hasSize(1);
    }

    /** The dead letters of triggers originally published on the subject, in order. */
    private List<MessageInfo> deadLetters(String originalSubject) throws Exception {
        JetStreamManagement jsm = connection.jetStreamManagement();
        var state = jsm.getStreamInfo(Subjects.DEAD_LETTER_STREAM).getStreamState();
        List<MessageInfo> found = new ArrayList<>();
        for (long seq = state.getFirstSequence(); seq <= state.getLastSequence() && state.getMsgCount() > 0; seq++) {
            MessageInfo letter = jsm.getMessage(Subjects.DEAD_LETTER_STREAM, seq);
            if (originalSubject.equals(letter.getHeaders().getFirst(DeadLetterPublisher.ORIGINAL_SUBJECT_HEADER))) {
                found.add(letter);
            }
        }
        return found;
    }

    @Test
    void aRenderErrorCreatesTheExecutionFailedWithTheTemplateAndTheMissingVariable() throws Exception {
        String ns = "rules-render-error";
        action(ns, "greet", "{name: {type: string, required: true}}");
        rule(ns, "typo", """
                trigger: {type: core.webhook}
                action: {ref: greet, parameters: {name: '{{ trigger.body.nme }}'}}
                """);
        awaitIndexed(ns, "core.webhook", "typo");
        publisher.publish(trigger(ns, "core.webhook", "render-1", "{\"body\": {\"name\": \"ada\"}}"));

        String error = "rule typo, Action greet: parameter 'name': template '{{ trigger.body.nme }}' references "
                + "undefined variable 'trigger.body.nme'";
        Execution failed = await().atMost(Kube.WAIT)
                .until(
                        () -> Kube.get(
                                client, Execution.class, ns, EnforcementNames.executionName(ns, "typo", "render-1")),
                        e -> e != null && e.getStatus() != null && e.getStatus().phase == ExecutionPhase.Failed);
        assertThat(failed.getStatus().error).isEqualTo(error);
        assertThat(failed.getMetadata().getAnnotations()).containsEntry(Names.ENFORCEMENT_ERROR_ANNOTATION, error);

        Rule typo = awaitRuleStatus(ns, "typo", r -> Long.valueOf(1).equals(r.getStatus().failed));
        assertThat(typo.getStatus().matched).isEqualTo(1);
        assertThat(typo.getStatus().enforced).isZero();
        assertThat(typo.getStatus().lastError).isEqualTo(error);
        assertThat(typo.getStatus().lastMatchTime).isNotNull();
    }

    @Test
    void aTemplateOverTheSandboxLimitsFailsOnlyItsOwnExecutionAndTheEngineGoesOn() throws Exception {
        String ns = "rules-sandbox";
        action(ns, "greet", "{name: {type: string, required: true}}");
        rule(ns, "runaway", """
                trigger: {type: t.runaway}
                action: {ref: greet, parameters: {name: '{% for i in range(100000000) %}x{% endfor %}'}}
                """);
        rule(ns, "slow", """
                trigger: {type: t.slow}
                action: {ref: greet, parameters: {name: "{% for i in range(10000) %}{% for j in range(10000) %}{% set x = j %}{% endfor %}{% endfor %}"}}
                """);
        rule(ns, "reflect", """
                trigger: {type: t.reflect}
                action: {ref: greet, parameters: {name: "{{ trigger.name.getClass().getName() }}"}}
                """);
        rule(ns, "fine", """
                trigger: {type: t.fine}
                action: {ref: greet, parameters: {name: '{{ trigger.name }}'}}
                """);
        awaitIndexed(ns, "t.runaway", "runaway");
        awaitIndexed(ns, "t.slow", "slow");
        awaitIndexed(ns, "t.reflect", "reflect");
        awaitIndexed(ns, "t.fine", "fine");

        for (int i = 0; i < 3; i++) {
            publisher.publish(trigger(ns, "t.slow", "slow-" + i, "{}"));
        }
        publisher.publish(trigger(ns, "t.runaway", "runaway-1", "{}"));
        publisher.publish(trigger(ns, "t.reflect", "reflect-1", "{\"name\": \"x\"}"));
        List<String> hostile = io.squall.operator.testsupport.HostileText.ALL;
        for (int i = 0; i < hostile.size(); i++) {
            publisher.publish(trigger(
                    ns,
                    "t.fine",
                    "fine-" + i,
                    Json.mapper().createObjectNode().put("name", hostile.get(i)).toString()));
        }

        // the fine triggers do not wait for the slow ones (2 s each, in parallel workers)
        for (int i = 0; i < hostile.size(); i++) {
            Execution fine = awaitExecution(ns, "fine", "fine-" + i);
            assertThat(fine.getSpec().parameters.get("name").textValue())
                    .as("rendered once: the payload is data")
                    .isEqualTo(hostile.get(i));
            assertThat(fine.getSpec().literalParameters).isTrue();
        }
        java.util.function.Function<String, String> failedWith = name -> await().atMost(Kube.WAIT)
                .until(
                        () -> Kube.get(client, Execution.class, ns, name),
                        e -> e != null && e.getStatus() != null && e.getStatus().phase == ExecutionPhase.Failed)
                .getStatus()
                .error;
        assertThat(failedWith.apply(EnforcementNames.executionName(ns, "runaway", "runaway-1")))
                .isEqualTo(
                        "rule runaway, Action greet: parameter 'name': template '{% for i in range(100000000) %}x{% endfor %}' "
                                + "cannot be rendered: range(100000000) would make 100000000 values, over the limit of 10000");
        for (int i = 0; i < 3; i++) {
            assertThat(failedWith.apply(EnforcementNames.executionName(ns, "slow", "slow-" + i)))
                    .startsWith("rule slow, Action greet: parameter 'name': template '{% for i in range(10000) %}")
                    .endsWith("cannot be rendered: rendering took longer than the limit of 2000 ms");
        }
        assertThat(failedWith.apply(EnforcementNames.executionName(ns, "reflect", "reflect-1")))
                .contains("method 'getClass' cannot be called on a string in a template");
        awaitAllAcknowledged();
        assertThat(engine.isConsuming()).isTrue();
    }

    @Test
    void aRuleWithAMissingActionRecordsTheFailureAndWorksOnceTheActionExists() throws Exception {
        String ns = "rules-missing-action";
        rule(ns, "orphan", """
                trigger: {type: core.webhook}
                action: {ref: ghost}
                """);
        awaitIndexed(ns, "core.webhook", "orphan");
        publisher.publish(trigger(ns, "core.webhook", "lost-1", "{}"));

        Rule orphan = awaitRuleStatus(ns, "orphan", r -> Long.valueOf(1).equals(r.getStatus().failed));
        assertThat(orphan.getStatus().lastError)
                .isEqualTo("spec.action.ref: Action \"ghost\" not found in namespace "
                        + "\"rules-missing-action\"; trigger lost-1 was not enforced");
        Event event = client.v1()
                .events()
                .inNamespace(ns)
                .withName(EnforcementNames.eventName(ns, "orphan", "lost-1"))
                .get();
        assertThat(event.getReason()).isEqualTo(RuleEvents.ACTION_NOT_FOUND);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Rule");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("orphan");
        assertThat(event.getMessage()).isEqualTo(orphan.getStatus().lastError);
        assertThat(executions(ns)).isEmpty();

        action(ns, "ghost", "{}");
        publisher.publish(trigger(ns, "core.webhook", "found-1", "{}"));
        awaitExecution(ns, "orphan", "found-1");
        awaitRuleStatus(ns, "orphan", r -> Long.valueOf(1).equals(r.getStatus().enforced));
    }

    @Test
    void statusCountersAreWrittenInBatches() throws Exception {
        String ns = "rules-status-batches";
        action(ns, "count", "{}");
        rule(ns, "counted", """
                trigger: {type: core.webhook}
                action: {ref: count}
                """);
        awaitIndexed(ns, "core.webhook", "counted");
        drainRequestLog();

        int count = 200;
        for (int i = 0; i < count; i++) {
            publisher.publish(trigger(ns, "core.webhook", "n-" + i, "{}"));
        }
        Rule counted = awaitRuleStatus(
                ns,
                "counted",
                r -> Long.valueOf(count).equals(r.getStatus().matched)
                        && Long.valueOf(count).equals(r.getStatus().enforced));
        assertThat(counted.getStatus().failed).isZero();
        assertThat(counted.getStatus().lastMatchTime).isNotNull();
        // the Ready condition written by the reconciler survives the counter patches
        assertThat(Kube.ready(counted)).isNotNull();

        String statusPath = "/apis/squall.io/v1alpha1/namespaces/" + ns + "/rules/counted/status";
        long statusPatches = drainRequestLog().stream()
                .filter(r -> "PATCH".equals(r.getMethod()) && r.getPath().startsWith(statusPath))
                .count();
        assertThat(statusPatches).isPositive().isLessThan(count / 5);

        // a trigger is counted processed after its enforcement is recorded: the last one may trail the status
        await().atMost(Kube.WAIT).untilAsserted(() -> {
            String metrics =
                    given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(counter(metrics, "squall_rules_enforcements_total{outcome=\"created\"}"))
                    .isGreaterThanOrEqualTo(count);
            assertThat(counter(metrics, "squall_rules_triggers_total{outcome=\"processed\"}"))
                    .isGreaterThanOrEqualTo(count);
            assertThat(counter(metrics, "squall_rules_status_patches_total")).isPositive();
        });
    }

    private static double counter(String prometheus, String series) {
        return prometheus
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .findFirst()
                .map(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in /q/metrics"));
    }

    private List<RecordedRequest> drainRequestLog() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = mockServer.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    @Test
    void aDisabledOrDeletedRuleStopsMatchingWithoutARestart() throws Exception {
        String ns = "rules-disable";
        action(ns, "notify", "{}");
        rule(ns, "switchable", "trigger: {type: core.webhook}\naction: {ref: notify}\n");
        rule(ns, "witness", "trigger: {type: core.webhook}\naction: {ref: notify}\n");
        awaitIndexed(ns, "core.webhook", "switchable", "witness");

        publisher.publish(trigger(ns, "core.webhook", "t1", "{}"));
        awaitExecution(ns, "witness", "t1");
        awaitExecution(ns, "switchable", "t1");

        rule(ns, "switchable", "enabled: false\ntrigger: {type: core.webhook}\naction: {ref: notify}\n");
        awaitIndexed(ns, "core.webhook", "witness");
        publisher.publish(trigger(ns, "core.webhook", "t2", "{}"));
        awaitExecution(ns, "witness", "t2");

        rule(ns, "switchable", "enabled: true\ntrigger: {type: core.webhook}\naction: {ref: notify}\n");
        awaitIndexed(ns, "core.webhook", "switchable", "witness");
        client.resources(Rule.class).inNamespace(ns).withName("switchable").delete();
        awaitIndexed(ns, "core.webhook", "witness");
        publisher.publish(trigger(ns, "core.webhook", "t3", "{}"));
        awaitExecution(ns, "witness", "t3");

        // a trigger of another namespace never reaches these rules
        publisher.publish(trigger("rules-disable-other", "core.webhook", "t4", "{}"));
        awaitAllAcknowledged();

        assertThat(executionNames(ns))
                .containsExactlyInAnyOrder(
                        EnforcementNames.executionName(ns, "switchable", "t1"),
                        EnforcementNames.executionName(ns, "witness", "t1"),
                        EnforcementNames.executionName(ns, "witness", "t2"),
                        EnforcementNames.executionName(ns, "witness", "t3"));
        assertThat(executions("rules-disable-other")).isEmpty();
    }

    @Test
    void secretParametersAreKeptInASecretOwnedByTheExecutionAndMaskedInItsSpec() throws Exception {
        String ns = "rules-secrets";
        action(ns, "call", "{url: {type: string}, token: {type: string, secret: true}}");
        rule(ns, "with-token", """
                trigger: {type: core.webhook}
                action: {ref: call, parameters: {url: '{{ trigger.url }}', token: 'Bearer {{ trigger.user }}-t0ken'}}
                """);
        awaitIndexed(ns, "core.webhook", "with-token");
        publisher.publish(trigger(ns, "core.webhook", "s1", "{\"url\": \"https://example.com\", \"user\": \"ada\"}"));

        Execution execution = awaitExecution(ns, "with-token", "s1");
        assertThat(execution.getSpec().parameters.get("token").textValue()).isEqualTo(Names.MASK);
        assertThat(execution.getSpec().parameters.get("url").textValue()).isEqualTo("https://example.com");
        assertThat(Json.mapper().writeValueAsString(execution)).doesNotContain("t0ken");

        Secret secret = await().atMost(Kube.WAIT)
                .until(
                        () -> client.secrets()
                                .inNamespace(ns)
                                .withName(Names.secretParametersName(
                                        execution.getMetadata().getName()))
                                .get(),
                        s -> s != null && !s.getMetadata().getOwnerReferences().isEmpty());
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getUid())
                        .isEqualTo(execution.getMetadata().getUid()));
        JsonNode token = Json.mapper()
                .readTree(Base64.getDecoder().decode(secret.getData().get("token")));
        assertThat(token.textValue()).isEqualTo("Bearer ada-t0ken");
    }

    @Test
    void aRedeliveredTriggerFindsTheExecutionOfItsFirstDelivery() throws Exception {
        String ns = "rules-redelivery";
        action(ns, "notify", "{}");
        rule(ns, "once", "trigger: {type: core.webhook}\naction: {ref: notify}\n");
        awaitIndexed(ns, "core.webhook", "once");
        // what a replica killed after the create and before the ack leaves behind
        String name = EnforcementNames.executionName(ns, "once", "r1");
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Execution
                metadata: {name: %s, namespace: %s, labels: {first-delivery: "yes"}}
                spec:
                  action: {name: notify}
                """.formatted(name, ns), Execution.class);

        publisher.publish(trigger(ns, "core.webhook", "r1", "{}"));
        awaitAllAcknowledged();
        assertThat(executions(ns))
                .singleElement()
                .satisfies(e -> assertThat(e.getMetadata().getLabels()).containsEntry("first-delivery", "yes"));
    }
}
