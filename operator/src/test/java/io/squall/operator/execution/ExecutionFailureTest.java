package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.execution.result.ResultApplier;
import io.squall.operator.testsupport.Kube;
import io.squall.operator.testsupport.NatsServerResource;
import org.junit.jupiter.api.Test;

/** Failures are never silent: every way an attempt can die ends the Execution with the reason in status.error. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
class ExecutionFailureTest extends LocalExecutorTestBase {

    private static String image(String image) {
        return "  runner: noop\n  image: " + image + "\n";
    }

    @Test
    void theRunnersOwnTimeoutEndsTheExecutionTimedOut() throws Exception {
        String ns = "fail-timeout";
        run(ns, "slow", "  runner: shell\n  command: sleep 30\n  timeout: 1\n", "{}");

        Execution done = awaitFinished(ns, "slow", ExecutionPhase.TimedOut);

        assertThat(done.getStatus().error).isEqualTo("Action failed to complete in 1 seconds");
        assertThat(done.getStatus().result.get("return_code").asInt()).isEqualTo(-9);
        assertThat(completedTrigger(ns, "slow").payload().get("status").asText())
                .isEqualTo("timeout");
    }

    @Test
    void aJobRunsNoLongerThanTheTimeoutPlusTheGrace() {
        String ns = "fail-deadline";
        run(ns, "bounded", "  runner: shell\n  command: 'true'\n  timeout: 7\n", "{}");

        awaitFinished(ns, "bounded", ExecutionPhase.Succeeded);

        Job job =
                client.batch().v1().jobs().inNamespace(ns).withName("bounded-1").get();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7 + 30);
    }

    @Test
    void aRunnerThatCrashesWithoutAResultFailsTheExecution() {
        String ns = "fail-crash";
        run(ns, "crash", image(LocalJobExecutor.CRASH), "{}");

        Execution done = awaitFinished(ns, "crash", ExecutionPhase.Failed);

        assertThat(done.getStatus().error)
                .isEqualTo("the runner exited with code 3 (Error) without reporting a result");
        assertThat(done.getStatus().result).isNull();
    }

    @Test
    void anOomKilledRunnerFailsTheExecutionSayingSo() {
        String ns = "fail-oom";
        run(ns, "hungry", image(LocalJobExecutor.OOM_KILLED), "{}");

        Execution done = awaitFinished(ns, "hungry", ExecutionPhase.Failed);

        assertThat(done.getStatus().error)
                .startsWith("OOMKilled: the runner container ran out of memory (exit code 137)");
    }

    @Test
    void anImageThatCannotBePulledFailsTheExecutionAfterTheGrace() {
        String ns = "fail-pull";
        run(ns, "nopull", image(LocalJobExecutor.IMAGE_PULL_BACKOFF), "{}");

        Execution done = awaitFinished(ns, "nopull", ExecutionPhase.Failed);

        assertThat(done.getStatus().error)
                .matches("pod nopull-1-\\w{5} could not start its container for 3s: "
                        + "ImagePullBackOff: Back-off pulling image \"squall/test:imagepullbackoff\"");
        // the Job is deleted, so Kubernetes stops pulling
        await().atMost(Kube.WAIT)
                .until(() -> client.batch()
                                .v1()
                                .jobs()
                                .inNamespace(ns)
                                .withName("nopull-1")
                                .get()
                        == null);
    }

    @Test
    void aRunnerThatExitsZeroWithoutAResultFailsAfterTheResultGrace() {
        String ns = "fail-noresult";
        run(ns, "silent", image(LocalJobExecutor.EXIT_0_NO_RESULT), "{}");

        Execution done = awaitFinished(ns, "silent", ExecutionPhase.Failed);

        assertThat(done.getStatus().error)
                .isEqualTo("the runner of attempt 1 exited 0 but its result did not arrive within 3s");
    }

    @Test
    void aRunnerKilledMidRunFailsTheExecution() {
        String ns = "fail-kill";
        run(ns, "victim", "  runner: shell\n  command: sleep 60\n", "{}");
        awaitPhase(ns, "victim", ExecutionPhase.Running);
        await().atMost(Kube.WAIT).until(() -> executor.isRunning(ns, "victim-1"));

        executor.kill(ns, "victim-1");

        Execution done = awaitFinished(ns, "victim", ExecutionPhase.Failed);
        assertThat(done.getStatus().error)
                .isEqualTo("the runner exited with code 137 (Error) without reporting a result");
    }

    @Test
    void aDeletedPodFailsTheExecutionAsTerminated() {
        String ns = "fail-poddelete";
        run(ns, "evicted", "  runner: shell\n  command: echo started; sleep 60\n", "{}");
        // the action runs (a SIGTERM during the runner's JVM start would end it without a report)
        await().atMost(Kube.WAIT).until(() -> executor.log(ns, "evicted-1").contains("started"));

        client.pods().inNamespace(ns).withLabel("job-name", "evicted-1").delete();

        // SIGTERM: the runner kills the action and reports "canceled", but nobody asked to cancel
        Execution done = awaitFinished(ns, "evicted", ExecutionPhase.Failed);
        assertThat(done.getStatus().error).isEqualTo(ResultApplier.TERMINATED);
        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("started");
    }

    @Test
    void anEvictedPodFailsTheExecutionSayingWhy() {
        String ns = "fail-evicted";
        run(ns, "evictee", "  runner: shell\n  command: echo started; sleep 60\n", "{}");
        await().atMost(Kube.WAIT).until(() -> executor.log(ns, "evictee-1").contains("started"));

        executor.evict(ns, "evictee-1", "The node was low on resource: memory.");

        // the runner reports "canceled" on SIGTERM, before the kubelet marks the pod Evicted: the reason still shows
        Execution done = awaitFinished(ns, "evictee", ExecutionPhase.Failed);
        assertThat(done.getStatus().error)
                .startsWith("pod evictee-1-")
                .endsWith(" Evicted: The node was low on resource: memory.; the runner was stopped before the action "
                        + "finished");
        assertThat(done.getStatus().result.get("stdout").asText()).isEqualTo("started");
    }

    @Test
    void aDeletedJobFailsTheExecution() {
        String ns = "fail-jobdelete";
        run(ns, "orphan", "  runner: shell\n  command: sleep 60\n", "{}");
        awaitPhase(ns, "orphan", ExecutionPhase.Running);

        client.batch().v1().jobs().inNamespace(ns).withName("orphan-1").delete();

        Execution done = awaitFinished(ns, "orphan", ExecutionPhase.Failed);
        // whichever is seen first: the runner's report of the SIGTERM, or the missing Job
        assertThat(done.getStatus().error)
                .isIn(ResultApplier.TERMINATED, "Job orphan-1 was deleted before attempt 1 reported a result");
    }

    @Test
    void anAttemptIsWatchedToItsEndEvenIfItsActionIsDeleted() {
        String ns = "fail-actiongone";
        run(ns, "lonely", "  runner: shell\n  command: echo started; sleep 60\n", "{}");
        await().atMost(Kube.WAIT).until(() -> executor.log(ns, "lonely-1").contains("started"));

        client.resources(Action.class).inNamespace(ns).withName("lonely-action").delete();
        executor.kill(ns, "lonely-1");

        Execution done = awaitFinished(ns, "lonely", ExecutionPhase.Failed);
        assertThat(done.getStatus().error)
                .isEqualTo("the runner exited with code 137 (Error) without reporting a result");
    }

    @Test
    void aMissingScriptConfigMapFailsTheExecutionNamingIt() {
        String ns = "fail-noscript";
        run(ns, "noscript", "  runner: script\n  scriptRef: {configMap: absent, key: run.sh}\n", "{}");

        Execution done = awaitFinished(ns, "noscript", ExecutionPhase.Failed);

        assertThat(done.getStatus().error)
                .isEqualTo("spec.scriptRef.configMap: ConfigMap absent not found in namespace fail-noscript");
        assertThat(done.getStatus().attempts).isNull();
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void aTemplateErrorFailsTheExecutionNamingTheFieldAndVariable() {
        String ns = "fail-template";
        run(
                ns,
                "typo",
                "  runner: shell\n  command: echo {{ nmae }}\n  parameters:\n    name: {type: string}\n",
                "{name: x}");

        Execution done = awaitFinished(ns, "typo", ExecutionPhase.Failed);

        assertThat(done.getStatus().error)
                .isEqualTo("spec.command: template 'echo {{ nmae }}' references undefined variable 'nmae'");
    }

    @Test
    void aBadParameterFailsTheExecutionNamingIt() {
        String ns = "fail-param";
        run(
                ns,
                "badparam",
                "  runner: noop\n  parameters:\n    count: {type: integer, required: true}\n",
                "{count: many}");

        Execution done = awaitFinished(ns, "badparam", ExecutionPhase.Failed);

        assertThat(done.getStatus().error).startsWith("spec.parameters: parameter 'count': ");
    }

    @Test
    void aDisabledActionDoesNotRun() {
        String ns = "fail-disabled";
        run(ns, "off", "  runner: noop\n  enabled: false\n", "{}");

        Execution done = awaitFinished(ns, "off", ExecutionPhase.Failed);

        assertThat(done.getStatus().error).isEqualTo("Action off-action is disabled (spec.enabled: false)");
    }
}
