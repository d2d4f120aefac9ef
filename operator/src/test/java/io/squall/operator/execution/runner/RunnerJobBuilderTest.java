package io.squall.operator.execution.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.squall.api.messages.Json;
import io.squall.operator.execution.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The desired runner Job, a pure function of Execution, Action, attempt and settings. */
class RunnerJobBuilderTest {

    private static final Set<String> REQUEST_ONLY = Set.of(RequestSecretBuilder.REQUEST_KEY);

    private static Job job(String actionSpec, Set<String> secretKeys) {
        return RunnerJobBuilder.desired(
                Fixtures.execution("  action: {name: act}"),
                Fixtures.action(actionSpec),
                2,
                Fixtures.SETTINGS,
                secretKeys);
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void oneAttemptOnePodNoKubernetesRetriesAndADeadlineAfterTheTimeout() {
        Job job = job("  runner: shell\n  command: date\n  timeout: 90\n", REQUEST_ONLY);

        assertThat(job.getMetadata().getName()).isEqualTo("run-1-2");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(90 + 30);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    }

    @Test
    void theDeadlineFollowsTheRunnerDefaultTimeout() {
        assertThat(job("  runner: python\n  script: x\n", REQUEST_ONLY)
                        .getSpec()
                        .getActiveDeadlineSeconds())
                .isEqualTo(600 + 30);
        assertThat(job("  runner: http\n  http: {url: 'http://x'}\n", REQUEST_ONLY)
                        .getSpec()
                        .getActiveDeadlineSeconds())
                .isEqualTo(60 + 30);
    }

    @Test
    void ownedByTheExecutionAndLabelledForTheInformers() {
        Job job = job("  runner: noop\n", REQUEST_ONLY);

        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Execution");
            assertThat(owner.getApiVersion()).isEqualTo("squall.io/v1alpha1");
            assertThat(owner.getName()).isEqualTo("run-1");
            assertThat(owner.getUid()).isEqualTo("exec-uid");
            assertThat(owner.getController()).isTrue();
        });
        assertThat(job.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "squall")
                .containsEntry("app.kubernetes.io/component", "runner")
                .containsEntry("squall.io/execution", "run-1")
                .containsEntry("squall.io/action", "act")
                .containsEntry("squall.io/attempt", "2");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .isEqualTo(job.getMetadata().getLabels());
        assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(RunnerNames.ANNOTATION_EXECUTION, "run-1");
    }

    @Test
    void leastPrivilegePodWithAWritableTmp() {
        Job job = job("  runner: noop\n", REQUEST_ONLY);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        var security = container(job).getSecurityContext();

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container(job).getVolumeMounts())
                .extracting("name", "mountPath")
                .contains(tuple("tmp", "/tmp"));
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("tmp"))
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void aServiceAccountNamedByTheActionGetsItsToken() {
        PodSpec pod = job("  runner: noop\n  serviceAccountName: deployer\n", REQUEST_ONLY)
                .getSpec()
                .getTemplate()
                .getSpec();

        assertThat(pod.getServiceAccountName()).isEqualTo("deployer");
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    }

    @Test
    void imageAndResourcesComeFromTheActionElseTheDefault() {
        assertThat(container(job("  runner: noop\n", REQUEST_ONLY)).getImage()).isEqualTo("squall/runner:1.0");
        Container custom = container(job(
                "  runner: noop\n  image: example/tools:2\n  resources:\n"
                        + "    limits: {memory: 256Mi}\n    requests: {cpu: 100m}\n",
                REQUEST_ONLY));

        assertThat(custom.getImage()).isEqualTo("example/tools:2");
        assertThat(custom.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(custom.getResources().getLimits()).containsEntry("memory", new Quantity("256Mi"));
        assertThat(custom.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"));
    }

    @Test
    void theRequestIsAMountedSecretFileAndNatsCredentialsAreSecretKeyRefs() {
        Job job = job(
                "  runner: noop\n",
                Set.of(
                        RequestSecretBuilder.REQUEST_KEY,
                        RequestSecretBuilder.NATS_USER_KEY,
                        RequestSecretBuilder.NATS_PASSWORD_KEY,
                        RequestSecretBuilder.NATS_CREDS_KEY));
        Container container = container(job);

        assertThat(container.getEnv())
                .filteredOn(e -> e.getValue() != null)
                .extracting("name", "value")
                .containsExactlyInAnyOrder(
                        tuple("SQUALL_REQUEST_FILE", "/var/run/squall/request/request.json"),
                        tuple("SQUALL_NATS_URL", "nats://nats.squall:4222"),
                        tuple("SQUALL_NATS_CREDS", "/var/run/squall/request/nats.creds"));
        assertThat(container.getEnv())
                .filteredOn(e -> e.getValueFrom() != null)
                .extracting(
                        e -> e.getName(),
                        e -> e.getValueFrom().getSecretKeyRef().getName(),
                        e -> e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactlyInAnyOrder(
                        tuple("SQUALL_NATS_USER", "run-1-2-request", "nats-user"),
                        tuple("SQUALL_NATS_PASSWORD", "run-1-2-request", "nats-password"));
        var request = job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("request"))
                .findFirst()
                .orElseThrow()
                .getSecret();
        assertThat(request.getSecretName()).isEqualTo("run-1-2-request");
        assertThat(request.getItems())
                .extracting("key", "path")
                .containsExactly(tuple("request.json", "request.json"), tuple("nats.creds", "nats.creds"));
        assertThat(request.getDefaultMode()).isEqualTo(0440);
        assertThat(container.getVolumeMounts())
                .filteredOn(m -> m.getName().equals("request"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/var/run/squall/request");
                    assertThat(m.getReadOnly()).isTrue();
                });
    }

    @Test
    void withoutCredentialsTheRunnerGetsOnlyTheUrl() {
        assertThat(container(job("  runner: noop\n", REQUEST_ONLY)).getEnv())
                .extracting("name")
                .containsExactlyInAnyOrder("SQUALL_REQUEST_FILE", "SQUALL_NATS_URL");
    }

    @Test
    void aScriptRefIsMountedFromItsConfigMap() {
        Job job = job("  runner: script\n  scriptRef: {configMap: scripts, key: deploy.sh}\n", REQUEST_ONLY);
        Container container = container(job);

        assertThat(container.getEnv())
                .extracting("name", "value")
                .contains(tuple("SQUALL_SCRIPT_FILE", "/var/run/squall/script/deploy.sh"));
        assertThat(container.getVolumeMounts())
                .extracting("name", "mountPath", "readOnly")
                .contains(tuple("script", "/var/run/squall/script", true));
        var configMap = job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("script"))
                .findFirst()
                .orElseThrow()
                .getConfigMap();
        assertThat(configMap.getName()).isEqualTo("scripts");
        assertThat(configMap.getItems()).extracting("key", "path").containsExactly(tuple("deploy.sh", "deploy.sh"));
    }

    @Test
    void theJobSpecHoldsNoParameterValue() {
        Job job = RunnerJobBuilder.desired(
                Fixtures.execution("  action: {name: act}\n  parameters: {token: abc123}"),
                Fixtures.action("  runner: shell\n  command: 'echo {{ token }}'\n  parameters:\n"
                        + "    token: {type: string, secret: true}\n"),
                1,
                Fixtures.SETTINGS,
                REQUEST_ONLY);

        assertThat(Json.mapper().valueToTree(job).toString())
                .doesNotContain("abc123")
                .doesNotContain("echo");
    }
}
