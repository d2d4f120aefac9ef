package io.squall.operator.execution;

import static io.squall.operator.testsupport.Kube.apply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.messages.Json;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.Rule;
import io.squall.operator.rules.RulesEngine;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * StackStorm's action.concurrency policy, proven the way the issue asks: 100 triggers at an action with limit 3,
 * through the rules engine and the local Job executor (real runner JVMs); never more than 3 run at once, and all 100
 * finish (delay) or exactly 97 are canceled (cancel).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class ConcurrencyPolicyEndToEndTest extends LocalExecutorTestBase {
    private static final Duration ALL_DONE = Duration.ofMinutes(6);

    @Inject
    RulesEngine rules;

    private void ruleFor(String ns, String action) throws Exception {
        apply(client, """
                apiVersion: squall.io/v1alpha1
                kind: Rule
                metadata: {name: every-alert, namespace: %s}
                spec:
                  trigger: {type: core.webhook}
                  action: {ref: %s}
                """.formatted(ns, action), Rule.class);
        await().atMost(Kube.WAIT)
                .until(() -> !rules.ruleIndex().rulesFor(ns, "core.webhook").isEmpty());
    }

    private void fire(String ns, int count) throws Exception {
        TriggerPublisher publisher = new TriggerPublisher(nats.jetStream());
        for (int i = 0; i < count; i++) {
            publisher.publish(TriggerEvent.of(
                    "core.webhook", ns, Json.mapper().readTree("{\"body\": {\"n\": " + i + "}}"), "test"));
        }
    }

    private List<Execution> allFinished(String ns, int count) {
        return await().atMost(ALL_DONE)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> client.resources(Execution.class)
                                .inNamespace(ns)
                                .list()
                                .getItems(),
                        l -> l.size() == count
                                && l.stream().allMatch(e -> ExecutionTransitions.isFinal(e.getStatus())));
    }

    /** The most executions whose [start, end) overlap at one moment. */
    private static int mostAtOnce(List<Execution> executions) {
        TreeMap<Instant, Integer> changes = new TreeMap<>();
        for (Execution e : executions) {
            if (e.getStatus().startTime != null && e.getStatus().jobName != null) {
                changes.merge(Instant.parse(e.getStatus().startTime), 1, Integer::sum);
                changes.merge(Instant.parse(e.getStatus().endTime), -1, Integer::sum);
            }
        }
        int now = 0;
        int most = 0;
        for (Map.Entry<Instant, Integer> change : changes.entrySet()) {
            now += change.getValue();
            most = Math.max(most, now);
        }
        return most;
    }

    @Test
    void delayRunsAllOfAHundredThreeAtATime() throws Exception {
        String ns = "policy-delay";
        action(ns, "throttled", """
                  runner: shell
                  command: sleep 0.2
                  concurrency: {limit: 3, policy: delay}
                """);
        ruleFor(ns, "throttled");
        fire(ns, 100);

        List<Execution> done = allFinished(ns, 100);
        assertThat(done)
                .allSatisfy(e -> assertThat(e.getStatus().phase)
                        .as(e.getMetadata().getName())
                        .isEqualTo(ExecutionPhase.Succeeded));
        assertThat(mostAtOnce(done))
                .as("Scheduled/Running at once (status start to end of each)")
                .isEqualTo(3);
        List<Execution> delayed = new ArrayList<>(done.stream()
                .filter(e -> eventReasons(ns, e.getMetadata().getName()).contains("Delayed"))
                .toList());
        assertThat(delayed).as("executions that waited Delayed for a slot").hasSizeGreaterThanOrEqualTo(90);
    }

    @Test
    void cancelCancelsExactlyTheNinetySevenOverTheLimit() throws Exception {
        String ns = "policy-cancel";
        action(ns, "exclusive", """
                  runner: shell
                  command: sleep 20
                  timeout: 60
                  concurrency: {limit: 3, policy: cancel}
                """);
        ruleFor(ns, "exclusive");
        fire(ns, 100);

        List<Execution> done = allFinished(ns, 100);
        assertThat(done)
                .filteredOn(e -> e.getStatus().phase == ExecutionPhase.Succeeded)
                .hasSize(3);
        List<Execution> canceled = done.stream()
                .filter(e -> e.getStatus().phase == ExecutionPhase.Canceled)
                .toList();
        assertThat(canceled).hasSize(97).allSatisfy(e -> {
            assertThat(e.getStatus().error)
                    .contains("Action exclusive allows 3 at once")
                    .contains("canceled by its concurrency policy (cancel)");
            assertThat(e.getStatus().jobName).isNull();
        });
        assertThat(mostAtOnce(done)).isEqualTo(3);
    }
}
