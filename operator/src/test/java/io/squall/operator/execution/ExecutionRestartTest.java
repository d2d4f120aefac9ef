package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.operator.execution.result.ResultConsumer;
import io.squall.operator.reconciler.ExecutionReconciler;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import jakarta.inject.Inject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator going away while executions run: results published meanwhile wait in the durable consumer,
 * and Jobs that ended meanwhile are noticed by the level-based reconcile when the controller comes back.
 * The result grace is long here, so only the consumer can apply a result (the reconciler's fallback read of
 * the stream would otherwise hide a consumer that lost it).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(SlowResultGraceProfile.class)
class ExecutionRestartTest extends LocalExecutorTestBase {

    @Inject
    ResultConsumer consumer;

    @Inject
    Operator operator;

    private boolean jobEnded(String namespace, String name) {
        Job job =
                client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        return job != null
                && job.getStatus() != null
                && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                && "True".equals(c.getStatus()));
    }

    @Test
    void resultsPublishedWhileTheConsumerIsStoppedAreAppliedWhenItStarts() {
        String ns = "restart-consumer";
        consumer.stop();
        assertThat(consumer.isRunning()).isFalse();
        int appliedBefore = consumer.appliedCount();
        try {
            run(ns, "waiting", "  runner: shell\n  command: echo done\n", "{}");
            await().atMost(Kube.WAIT).until(() -> jobEnded(ns, "waiting-1"));
            // the status write that records the attempt follows the Job's creation: wait for it too (attempts stays
            // 1 whatever comes next, so this wait cannot hide an applied result)
            Execution waiting = await().atMost(Kube.WAIT)
                    .until(
                            () -> get(ns, "waiting"),
                            e -> e.getStatus() != null && Integer.valueOf(1).equals(e.getStatus().attempts));

            // the runner exited 0, so its result is in the stream; nobody has applied it
            assertThat(waiting.getStatus().phase).isIn(ExecutionPhase.Scheduled, ExecutionPhase.Running);
        } finally {
            consumer.start();
        }
        Execution done = awaitFinished(ns, "waiting", ExecutionPhase.Succeeded);
        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("done");
        // the consumer counts a result after its status write lands: the count can trail the status by a moment
        await().atMost(Kube.WAIT)
                .untilAsserted(() -> assertThat(consumer.appliedCount())
                        .as("applied by the restarted consumer")
                        .isGreaterThan(appliedBefore));
    }

    @Test
    void aJobThatFailedWhileTheOperatorWasDownIsNoticedWhenItComesBack() {
        String ns = "restart-controller";
        run(ns, "victim", "  runner: shell\n  command: echo started; sleep 120\n", "{}");
        awaitPhase(ns, "victim", ExecutionPhase.Running);
        await().atMost(Kube.WAIT).until(() -> executor.log(ns, "victim-1").contains("started"));

        RegisteredController<?> controller =
                operator.getRegisteredController(ExecutionReconciler.NAME).orElseThrow();
        Set<String> namespaces =
                controller.getConfiguration().getInformerConfig().getNamespaces();
        consumer.stop();
        controller.changeNamespaces(Set.of("nothing-is-watched-here"));
        try {
            executor.kill(ns, "victim-1");
            await().atMost(Kube.WAIT).until(() -> jobEnded(ns, "victim-1"));

            assertThat(get(ns, "victim").getStatus().phase).isEqualTo(ExecutionPhase.Running);
        } finally {
            controller.changeNamespaces(namespaces);
            consumer.start();
        }
        Execution done = awaitFinished(ns, "victim", ExecutionPhase.Failed);
        assertThat(done.getStatus().error)
                .isEqualTo("the runner exited with code 137 (Error) without reporting a result");
    }
}
