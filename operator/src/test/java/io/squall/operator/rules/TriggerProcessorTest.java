package io.squall.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.NatsMessage;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Rule;
import io.squall.engine.RuleMatcher;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import io.squall.local.NatsServer;
import io.squall.operator.execution.ExecutionCreator;
import io.squall.operator.execution.ExecutionEvents;
import io.squall.operator.execution.ExecutionStatusUpdater;
import io.squall.operator.nats.StreamProvisioner;
import io.squall.operator.testsupport.NatsServerExtension;
import io.squall.operator.testsupport.Resources;
import io.squall.operator.testsupport.TestConfigs;
import io.squall.operator.trigger.DeadLetterPublisher;
import io.squall.operator.trigger.TriggerConsumer.Disposition;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A trigger meeting an API server that does not answer is handed back, never acknowledged or dead-lettered. */
@ExtendWith(NatsServerExtension.class)
class TriggerProcessorTest {

    private final TemplateRenderer renderer = new TemplateRenderer();
    private final Clock clock = Clock.systemUTC();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Connection connection;
    private KubernetesClient unreachable;
    private RulesCache cache;
    private RuleStatusRecorder recorder;
    private TriggerProcessor processor;

    @BeforeEach
    void connect(NatsServer nats) throws Exception {
        connection = Nats.connect(nats.url());
        var config = TestConfigs.squall(Map.of());
        new StreamProvisioner(config.jetstream(), config.datastore()).provision(connection);
        unreachable = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + NatsServer.freePort())
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(2000)
                        .build())
                .build();
        cache = new RulesCache(unreachable, List.of());
        recorder = new RuleStatusRecorder(unreachable, cache::rule, clock);
        processor = new TriggerProcessor(
                cache.index(),
                new RuleMatcher(renderer, KvLookup.EMPTY),
                enforcer(),
                recorder,
                new DeadLetterPublisher(connection.jetStream(), "trigger"),
                namespace -> KvLookup.EMPTY,
                new RulesMetrics(registry, recorder));
    }

    @AfterEach
    void close() throws Exception {
        unreachable.close();
        connection.close();
    }

    private RuleEnforcer enforcer() {
        return new RuleEnforcer(
                cache,
                new ExecutionFactory(renderer),
                new ExecutionCreator(unreachable),
                new ExecutionStatusUpdater(unreachable, new ExecutionEvents(unreachable, clock)),
                new RuleEvents(unreachable, clock),
                clock);
    }

    private static NatsMessage message(TriggerEvent trigger) {
        return NatsMessage.builder()
                .subject(trigger.subject())
                .data(Json.toBytes(trigger))
                .build();
    }

    @Test
    void anUnreachableApiServerMeansRetryLater() throws Exception {
        cache.index().put(RuleIndexTest.rule("ns", "on-hook", "core.webhook", true));
        TriggerEvent trigger =
                new TriggerEvent("t1", "core.webhook", "ns", Json.mapper().readTree("{}"), Instant.now(), "test", null);

        assertThat(processor.handle(message(trigger))).isEqualTo(Disposition.RETRY);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> enforcer()
                        .enforce(cache.index().rulesFor("ns", "core.webhook").get(0), trigger, KvLookup.EMPTY)))
                .isInstanceOf(RetryLaterException.class)
                .hasMessageStartingWith("cannot read Action ns/notify: API server not answering: ")
                .hasMessageContaining("Connection refused");
        assertThat(connection
                        .jetStreamManagement()
                        .getStreamInfo(Subjects.DEAD_LETTER_STREAM)
                        .getStreamState()
                        .getMsgCount())
                .isZero();
        assertThat(registry.get("squall.rules.triggers")
                        .tag("outcome", "retried")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("squall.rules.triggers")
                        .tag("outcome", "processed")
                        .counter()
                        .count())
                .isZero();
        // nothing was enforced, so nothing is counted
        recorder.flush();
        assertThat(recorder.patchesSent()).isZero();
    }

    @Test
    void aFailureThatLeavesNoExecutionIsNotCountedForATriggerHandedBack() throws Exception {
        // a criterion that cannot be evaluated on this payload (a string is not less than a number)
        cache.index().put(Resources.yaml("""
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: bad-criteria, namespace: ns}
                spec:
                  trigger: {type: core.webhook}
                  criteria:
                    trigger.level: {type: lessthan, pattern: 5}
                  action: {ref: notify}
                """, Rule.class));
        cache.index().put(RuleIndexTest.rule("ns", "on-hook", "core.webhook", true));
        TriggerEvent trigger = new TriggerEvent(
                "t2",
                "core.webhook",
                "ns",
                Json.mapper().readTree("{\"level\": \"high\"}"),
                Instant.now(),
                "test",
                null);

        // on-hook cannot read its Action: the trigger is handed back, and will evaluate bad-criteria again
        assertThat(processor.handle(message(trigger))).isEqualTo(Disposition.RETRY);
        assertThat(processor.handle(message(trigger))).isEqualTo(Disposition.RETRY);

        assertThat(recorder.pending("ns", "bad-criteria")).isEmpty();
    }
}
