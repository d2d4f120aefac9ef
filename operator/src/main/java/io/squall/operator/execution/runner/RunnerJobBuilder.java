package io.squall.operator.execution.runner;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.operator.execution.ExecutionRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The desired Job of one execution attempt (Strimzi/Keycloak style: a pure function of the Execution, the
 * Action and the settings). One pod, never restarted ({@code backoffLimit: 0}: retries are the Action's
 * policy, applied by the operator); killed by Kubernetes after the action timeout plus a grace, so the
 * runner's own timeout (which reports a result) normally comes first; least privilege: non-root, read-only
 * root filesystem with an emptyDir /tmp, no capabilities, no privilege escalation, RuntimeDefault seccomp,
 * no service-account token unless the Action names a service account. The request and the NATS credentials
 * come from the attempt's request Secret (mounted file and secretKeyRefs), never from the Job spec.
 */
public final class RunnerJobBuilder {

    public static final String CONTAINER = "runner";
    public static final String REQUEST_DIR = "/var/run/squall/request";
    public static final String SCRIPT_DIR = "/var/run/squall/script";
    static final String REQUEST_VOLUME = "request";
    static final String SCRIPT_VOLUME = "script";
    static final String TMP_VOLUME = "tmp";
    /** Secret files readable by the runner's group only. */
    private static final int SECRET_FILE_MODE = 0440;

    private RunnerJobBuilder() {}

    /** @param secretKeys the keys of the attempt's request Secret: which NATS credentials the runner gets */
    public static Job desired(
            Execution execution, Action action, int attempt, RunnerSettings settings, Set<String> secretKeys) {
        ActionSpec spec = action.getSpec();
        String jobName = RunnerNames.jobName(execution.getMetadata().getName(), attempt);
        String secretName = RunnerNames.requestSecretName(jobName);
        Map<String, String> labels = RunnerNames.labels(execution, attempt, RunnerNames.RUNNER);
        Map<String, String> annotations =
                Map.of(RunnerNames.ANNOTATION_EXECUTION, execution.getMetadata().getName());
        boolean serviceAccount = spec.serviceAccountName != null && !spec.serviceAccountName.isBlank();

        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName)
                .withNamespace(execution.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(Owners.ownerReference(execution))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(activeDeadlineSeconds(spec, settings))
                .withTtlSecondsAfterFinished(
                        (int) settings.jobTtlAfterFinished().toSeconds())
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(serviceAccount ? spec.serviceAccountName : null)
                .withAutomountServiceAccountToken(serviceAccount)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(settings.runAsUser())
                .withRunAsGroup(settings.runAsUser())
                .withFsGroup(settings.runAsUser())
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(spec, settings, secretName, secretKeys))
                .withVolumes(volumes(spec, secretName, secretKeys))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The action timeout plus the grace. */
    public static long activeDeadlineSeconds(ActionSpec spec, RunnerSettings settings) {
        return ExecutionRequests.timeoutSeconds(spec) + settings.deadlineGrace().toSeconds();
    }

    private static Container container(
            ActionSpec spec, RunnerSettings settings, String secretName, Set<String> secretKeys) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("SQUALL_REQUEST_FILE", REQUEST_DIR + "/" + RequestSecretBuilder.REQUEST_KEY, null));
        env.add(new EnvVar("SQUALL_NATS_URL", settings.natsUrl(), null));
        secretEnv(env, "SQUALL_NATS_USER", secretName, RequestSecretBuilder.NATS_USER_KEY, secretKeys);
        secretEnv(env, "SQUALL_NATS_PASSWORD", secretName, RequestSecretBuilder.NATS_PASSWORD_KEY, secretKeys);
        secretEnv(env, "SQUALL_NATS_TOKEN", secretName, RequestSecretBuilder.NATS_TOKEN_KEY, secretKeys);
        if (secretKeys.contains(RequestSecretBuilder.NATS_CREDS_KEY)) {
            env.add(new EnvVar("SQUALL_NATS_CREDS", REQUEST_DIR + "/" + RequestSecretBuilder.NATS_CREDS_KEY, null));
        }
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder()
                .withName(REQUEST_VOLUME)
                .withMountPath(REQUEST_DIR)
                .withReadOnly(true)
                .build());
        mounts.add(new VolumeMountBuilder()
                .withName(TMP_VOLUME)
                .withMountPath("/tmp")
                .build());
        if (spec.scriptRef != null) {
            env.add(new EnvVar("SQUALL_SCRIPT_FILE", SCRIPT_DIR + "/" + spec.scriptRef.key, null));
            mounts.add(new VolumeMountBuilder()
                    .withName(SCRIPT_VOLUME)
                    .withMountPath(SCRIPT_DIR)
                    .withReadOnly(true)
                    .build());
        }
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.image != null && !spec.image.isBlank() ? spec.image : settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withEnv(env)
                .withResources(spec.resources)
                .withVolumeMounts(mounts)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .build();
    }

    private static void secretEnv(
            List<EnvVar> env, String name, String secretName, String key, Set<String> secretKeys) {
        if (secretKeys.contains(key)) {
            env.add(new EnvVarBuilder()
                    .withName(name)
                    .withNewValueFrom()
                    .withNewSecretKeyRef(key, secretName, false)
                    .endValueFrom()
                    .build());
        }
    }

    private static List<Volume> volumes(ActionSpec spec, String secretName, Set<String> secretKeys) {
        List<KeyToPath> files = new ArrayList<>();
        files.add(new KeyToPath(RequestSecretBuilder.REQUEST_KEY, null, RequestSecretBuilder.REQUEST_KEY));
        if (secretKeys.contains(RequestSecretBuilder.NATS_CREDS_KEY)) {
            files.add(new KeyToPath(RequestSecretBuilder.NATS_CREDS_KEY, null, RequestSecretBuilder.NATS_CREDS_KEY));
        }
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder()
                .withName(REQUEST_VOLUME)
                .withNewSecret()
                .withSecretName(secretName)
                .withItems(files)
                .withDefaultMode(SECRET_FILE_MODE)
                .endSecret()
                .build());
        volumes.add(new VolumeBuilder()
                .withName(TMP_VOLUME)
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        if (spec.scriptRef != null) {
            volumes.add(new VolumeBuilder()
                    .withName(SCRIPT_VOLUME)
                    .withNewConfigMap()
                    .withName(spec.scriptRef.configMap)
                    .withItems(new KeyToPath(spec.scriptRef.key, null, spec.scriptRef.key))
                    .endConfigMap()
                    .build());
        }
        return volumes;
    }
}
