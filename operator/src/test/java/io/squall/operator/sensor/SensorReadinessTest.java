package io.squall.operator.sensor;

import static io.squall.operator.sensor.SensorDesiredStateTest.sensor;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.squall.api.v1alpha1.Sensor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SensorReadinessTest {

    private static final Sensor WEBHOOK = sensor("hook", "  type: webhook\n  secretRef: hook-token\n");

    private static Optional<Deployment> deployment(Integer readyReplicas) {
        return Optional.of(new DeploymentBuilder()
                .withNewMetadata()
                .withName("hook-sensor")
                .endMetadata()
                .withNewStatus()
                .withReadyReplicas(readyReplicas)
                .endStatus()
                .build());
    }

    private static Pod waiting(String name, String reason, String message) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("sensor")
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    @Test
    void readyWhenEveryReplicaIsReady() {
        SensorReadiness readiness = SensorReadiness.assess(WEBHOOK, deployment(1), List.of(), () -> false);
        assertThat(readiness).isEqualTo(new SensorReadiness(1, 1, true, "Available", "1/1 replicas ready"));
        assertThat(readiness.readyText()).isEqualTo("1/1");
    }

    @Test
    void notReadyWhileTheDeploymentIsMissingOrStarting() {
        assertThat(SensorReadiness.assess(WEBHOOK, Optional.empty(), List.of(), () -> false))
                .isEqualTo(new SensorReadiness(1, 0, false, "Progressing", "0/1 replicas ready"));
        assertThat(SensorReadiness.assess(WEBHOOK, deployment(null), List.of(), () -> false)
                        .readyText())
                .isEqualTo("0/1");
    }

    @Test
    void aPodThatCannotPullItsImageGivesTheReason() {
        SensorReadiness readiness = SensorReadiness.assess(
                WEBHOOK,
                deployment(null),
                List.of(waiting("hook-sensor-7d9-abc", "ImagePullBackOff", "Back-off pulling image \"acme/nope:1\"")),
                () -> false);
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reason()).isEqualTo("ImagePullBackOff");
        assertThat(readiness.message())
                .isEqualTo(
                        "pod hook-sensor-7d9-abc: ImagePullBackOff: Back-off pulling image \"acme/nope:1\" (0/1 replicas ready)");
    }

    @Test
    void aCrashLoopSaysHowTheLastRunEnded() {
        Pod crashing = new PodBuilder(
                        waiting("hook-sensor-x", "CrashLoopBackOff", "back-off 40s restarting failed container"))
                .editStatus()
                .editFirstContainerStatus()
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .withMessage("SQUALL_SENSOR_NAME is not set\n")
                .endTerminated()
                .endLastState()
                .endContainerStatus()
                .endStatus()
                .build();
        SensorReadiness readiness = SensorReadiness.assess(WEBHOOK, deployment(0), List.of(crashing), () -> false);
        assertThat(readiness.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(readiness.message())
                .isEqualTo(
                        "pod hook-sensor-x: CrashLoopBackOff: back-off 40s restarting failed "
                                + "container; last run exited with code 1 (Error): SQUALL_SENSOR_NAME is not set (0/1 replicas ready)");
    }

    @Test
    void aPodThatIsMerelyCreatingIsNotAProblem() {
        SensorReadiness readiness = SensorReadiness.assess(
                WEBHOOK, deployment(0), List.of(waiting("hook-sensor-x", "ContainerCreating", null)), () -> false);
        assertThat(readiness.reason()).isEqualTo("Progressing");
    }

    @Test
    void anUnschedulablePodGivesTheSchedulersMessage() {
        Pod pending = new PodBuilder()
                .withNewMetadata()
                .withName("hook-sensor-x")
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.")
                .endCondition()
                .endStatus()
                .build();
        SensorReadiness readiness = SensorReadiness.assess(WEBHOOK, deployment(0), List.of(pending), () -> false);
        assertThat(readiness.reason()).isEqualTo("Unschedulable");
        assertThat(readiness.message())
                .isEqualTo("pod hook-sensor-x: 0/3 nodes are available: 3 Insufficient memory. (0/1 replicas ready)");
    }

    @Test
    void aMissingSecretIsNamed() {
        SensorReadiness readiness = SensorReadiness.assess(WEBHOOK, deployment(0), List.of(), () -> true);
        assertThat(readiness.reason()).isEqualTo("SecretNotFound");
        assertThat(readiness.message())
                .isEqualTo(
                        "spec.secretRef: Secret \"hook-token\" not found in namespace \"team-a\" (0/1 replicas ready)");
        // a ready sensor is not asked about its Secret
        assertThat(SensorReadiness.assess(WEBHOOK, deployment(1), List.of(), () -> {
                            throw new AssertionError("asked for the Secret of a ready sensor");
                        })
                        .ready())
                .isTrue();
    }

    @Test
    void aDeploymentThatCannotCreatePodsGivesTheReplicaSetsReason() {
        Optional<Deployment> failing = Optional.of(new DeploymentBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType("ReplicaFailure")
                .withStatus("True")
                .withReason("FailedCreate")
                .withMessage("exceeded quota: compute-resources")
                .endCondition()
                .endStatus()
                .build());
        assertThat(SensorReadiness.assess(WEBHOOK, failing, List.of(), () -> false))
                .isEqualTo(new SensorReadiness(
                        1, 0, false, "FailedCreate", "exceeded quota: compute-resources (0/1 replicas ready)"));
    }

    @Test
    void scaledToZeroIsNotReady() {
        SensorReadiness readiness = SensorReadiness.assess(
                sensor("off", "  type: webhook\n  replicas: 0\n"), deployment(null), List.of(), () -> false);
        assertThat(readiness)
                .isEqualTo(
                        new SensorReadiness(0, 0, false, "ScaledToZero", "spec.replicas is 0: the sensor is stopped"));
    }
}
