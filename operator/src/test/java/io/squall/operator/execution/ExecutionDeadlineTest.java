package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.testsupport.NatsServerResource;
import org.junit.jupiter.api.Test;

/** A runner that never reports is stopped by Kubernetes at the Job's deadline, and the execution ends TimedOut. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(NatsServerResource.class)
@TestProfile(SlowResultGraceProfile.class)
class ExecutionDeadlineTest extends LocalExecutorTestBase {

    @Test
    void theJobDeadlineEndsAHungAttemptTimedOut() {
        String ns = "deadline";
        run(ns, "hung", "  runner: noop\n  image: " + LocalJobExecutor.HANG + "\n  timeout: 1\n", "{}");

        Execution done = awaitFinished(ns, "hung", ExecutionPhase.TimedOut);

        assertThat(done.getStatus().error)
                .isEqualTo("the Job ran longer than its activeDeadlineSeconds (3s: the action's timeout plus a grace)");
        Job job = client.batch().v1().jobs().inNamespace(ns).withName("hung-1").get();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3L);
    }
}
