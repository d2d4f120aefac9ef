package io.squall.operator.execution.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.squall.operator.testsupport.Resources;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way Kubernetes reports an attempt's Job and pod, read into what the lifecycle acts on. */
class JobObservationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:05:00Z");

    private static Job job(String status) {
        return Resources.yaml(
                "apiVersion: batch/v1\nkind: Job\nmetadata: {name: run-1-1, namespace: a}\n"
                        + "spec: {activeDeadlineSeconds: 90, template: {spec: {containers: []}}}\nstatus: " + status,
                Job.class);
    }

    private static Pod pod(String status) {
        return Resources.yaml(
                "apiVersion: v1\nkind: Pod\nmetadata: {name: run-1-1-abcde, namespace: a, "
                        + "creationTimestamp: '2026-03-01T10:00:00Z'}\nstatus: " + status,
                Pod.class);
    }

    private static JobObservation observe(Job job, Pod... pods) {
        return JobObservation.of(job, List.of(pods), NOW);
    }

    @Test
    void aJobWithoutPodIsPending() {
        assertThat(observe(job("{}"))).isEqualTo(new JobObservation.Pending());
        assertThat(observe(job("{active: 1}"), pod("{phase: Pending}"))).isEqualTo(new JobObservation.Pending());
    }

    @Test
    void onlyAnEndedOrDeletedJobIsFinished() {
        assertThat(JobObservation.isFinished(job("{active: 1}"))).isFalse();
        assertThat(JobObservation.isFinished(job("{conditions: [{type: Complete, status: 'True'}]}")))
                .isTrue();
        assertThat(JobObservation.isFinished(job("{conditions: [{type: Failed, status: 'True'}]}")))
                .isTrue();
        assertThat(JobObservation.isFinished(job("{conditions: [{type: Failed, status: 'False'}]}")))
                .isFalse();
        Job deleting = job("{active: 1}");
        deleting.getMetadata().setDeletionTimestamp("2026-03-01T10:04:00Z");
        assertThat(JobObservation.isFinished(deleting)).isTrue();
    }

    @Test
    void onlyASucceededOrFailedPodIsTerminal() {
        assertThat(JobObservation.isTerminal(pod("{phase: Running}"))).isFalse();
        assertThat(JobObservation.isTerminal(pod("{}"))).isFalse();
        assertThat(JobObservation.isTerminal(pod("{phase: Failed, reason: Evicted}")))
                .isTrue();
        assertThat(JobObservation.isTerminal(pod("{phase: Succeeded}"))).isTrue();
    }

    @Test
    void aRunningPod() {
        assertThat(observe(job("{active: 1}"), pod("{phase: Running}")))
                .isEqualTo(new JobObservation.Running("run-1-1-abcde"));
    }

    @Test
    void imagePullTroubleCountsFromThePodsCreation() {
        JobObservation observation = observe(
                job("{active: 1}"),
                pod("{phase: Pending, containerStatuses: [{name: runner, "
                        + "state: {waiting: {reason: ImagePullBackOff, message: 'Back-off pulling image \"x\"'}}}]}"));

        assertThat(observation)
                .isEqualTo(new JobObservation.StartFailing(
                        "run-1-1-abcde",
                        "ImagePullBackOff",
                        "Back-off pulling image \"x\"",
                        Instant.parse("2026-03-01T10:00:00Z")));
    }

    @Test
    void aContainerThatIsMerelyCreatingIsPending() {
        assertThat(observe(
                        job("{active: 1}"),
                        pod("{phase: Pending, containerStatuses: [{name: runner, "
                                + "state: {waiting: {reason: ContainerCreating}}}]}")))
                .isEqualTo(new JobObservation.Pending());
    }

    @Test
    void aCompleteJob() {
        assertThat(observe(job("{succeeded: 1, completionTime: '2026-03-01T10:01:00Z', conditions: "
                        + "[{type: Complete, status: 'True'}]}")))
                .isEqualTo(new JobObservation.Completed(Instant.parse("2026-03-01T10:01:00Z")));
    }

    @Test
    void theDeadlineIsATimeout() {
        assertThat(observe(job("{failed: 1, conditions: [{type: Failed, status: 'True', reason: DeadlineExceeded}]}")))
                .isEqualTo(new JobObservation.Failed(
                        "the Job ran longer than its activeDeadlineSeconds (90s: the action's timeout plus a grace)",
                        true));
    }

    @Test
    void anOomKilledRunnerIsNamed() {
        JobObservation observation = observe(
                job("{failed: 1, conditions: [{type: Failed, status: 'True', reason: " + "BackoffLimitExceeded}]}"),
                pod("{phase: Failed, containerStatuses: [{name: runner, state: "
                        + "{terminated: {exitCode: 137, reason: OOMKilled}}}]}"));

        assertThat(observation)
                .isEqualTo(new JobObservation.Failed(
                        "OOMKilled: the runner container ran out of memory (exit code 137) without reporting a result",
                        false));
    }

    @Test
    void anExitCodeIsReportedBeforeTheJobNoticesTheFailure() {
        assertThat(observe(
                        job("{active: 1}"),
                        pod("{phase: Failed, containerStatuses: [{name: runner, state: "
                                + "{terminated: {exitCode: 2, reason: Error, message: bad request}}}]}")))
                .isEqualTo(new JobObservation.Failed(
                        "the runner exited with code 2 (Error): bad request without reporting a result", false));
    }

    @Test
    void anEvictedPodSaysWhy() {
        assertThat(observe(
                        job("{failed: 1, conditions: [{type: Failed, status: 'True', reason: BackoffLimitExceeded}]}"),
                        pod("{phase: Failed, reason: Evicted, message: 'The node was low on resource: memory.'}")))
                .isEqualTo(new JobObservation.Failed(
                        "pod run-1-1-abcde Evicted: The node was low on resource: memory.", false));
    }

    @Test
    void aFailedJobWhosePodIsGone() {
        assertThat(observe(job("{failed: 1, conditions: [{type: Failed, status: 'True', reason: BackoffLimitExceeded, "
                        + "message: Job has reached the specified backoff limit}]}")))
                .isEqualTo(new JobObservation.Failed(
                        "the Job failed (BackoffLimitExceeded: Job has reached the "
                                + "specified backoff limit) and its pod is gone",
                        false));
    }
}
