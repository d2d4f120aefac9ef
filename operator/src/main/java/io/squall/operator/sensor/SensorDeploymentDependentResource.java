package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Sensor;
import io.squall.api.v1alpha1.SensorSpec;
import io.squall.api.v1alpha1.SensorType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Deployment a Sensor runs as: one container of the sensors image (or spec.image), configured through the
 * environment contract of sensors/README.md. Locked down: non-root, read-only root filesystem with an emptyDir
 * on /tmp, no capabilities, and a service-account token only for the sensors that use the Kubernetes API
 * (poll and kubernetes-events take a Lease, kubernetes-events reads Events: they run as the chart's
 * squall.sensors.service-account of their namespace). Everything the program reads only
 * at start-up is hashed into a pod-template annotation, so a config change rolls the pods.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SensorNames.SELECTOR))
public class SensorDeploymentDependentResource extends CRUDKubernetesDependentResource<Deployment, Sensor> {

    public static final String CONTAINER = "sensor";
    public static final String SECRET_DIR = "/var/run/squall/secret";
    public static final String NATS_DIR = "/var/run/squall/nats";
    static final String TMP_VOLUME = "tmp";
    static final String SECRET_VOLUME = "secret";
    static final String NATS_VOLUME = "nats";

    @Inject
    SensorSettings settings;

    public SensorDeploymentDependentResource() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor, settings);
    }

    static Deployment desired(Sensor sensor, SensorSettings settings) {
        SensorSpec spec = sensor.getSpec();
        boolean usesApi = SensorConditions.usesKubernetesApi(spec);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(SensorNames.ANNOTATION_SENSOR, sensor.getMetadata().getName());
        annotations.put(SensorNames.ANNOTATION_CONFIG_HASH, configHash(spec, settings));
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(SensorNames.workload(sensor))
                .withNamespace(sensor.getMetadata().getNamespace())
                .withLabels(SensorNames.labels(sensor))
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas(spec))
                .withNewSelector()
                .withMatchLabels(SensorNames.selector(sensor))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(SensorNames.labels(sensor))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(usesApi ? settings.serviceAccount() : null)
                .withAutomountServiceAccountToken(usesApi)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                // the built-in image's user; a custom image runs as its own (non-root) user
                .withRunAsUser(isBuiltIn(spec) ? settings.runAsUser() : null)
                .withRunAsGroup(isBuiltIn(spec) ? settings.runAsUser() : null)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(sensor, settings))
                .withVolumes(volumes(sensor, settings))
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** spec.replicas, default 1. */
    static int replicas(SensorSpec spec) {
        return spec.replicas == null ? 1 : spec.replicas;
    }

    static boolean isBuiltIn(SensorSpec spec) {
        return spec.type != SensorType.IMAGE;
    }

    /** spec.image, else the operator's sensors image. */
    static String image(SensorSpec spec, SensorSettings settings) {
        return spec.image == null || spec.image.isBlank() ? settings.image() : spec.image;
    }

    /** SHA-256 of the ConfigMap and NATS Secret contents the pod reads at start. */
    static String configHash(SensorSpec spec, SensorSettings settings) {
        StringBuilder content = new StringBuilder();
        SensorConfigMapDependentResource.data(spec)
                .forEach((k, v) -> content.append(k).append('=').append(v).append('\n'));
        SensorNatsSecretDependentResource.data(settings.nats())
                .forEach((k, v) -> content.append(k).append('=').append(v).append('\n'));
        return LabelValues.sha256Hex(content.toString()).substring(0, 32);
    }

    private static Container container(Sensor sensor, SensorSettings settings) {
        SensorSpec spec = sensor.getSpec();
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image(spec, settings))
                .withImagePullPolicy(settings.imagePullPolicy())
                .addNewPort()
                .withName("http")
                .withContainerPort(SensorNames.HTTP_PORT)
                .withProtocol("TCP")
                .endPort()
                .withEnv(env(sensor, settings))
                .withResources(resources(spec, settings))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .withVolumeMounts(volumeMounts(sensor, settings));
        if (isBuiltIn(spec)) {
            // the sensor program's probes: ready while NATS is connected, live unless it needs a restart
            container.withReadinessProbe(probe("/q/health/ready", 5)).withLivenessProbe(probe("/q/health/live", 20));
        }
        return container.build();
    }

    private static Probe probe(String path, int initialDelaySeconds) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withNewPort("http")
                .endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(10)
                .withFailureThreshold(3)
                .build();
    }

    static List<EnvVar> env(Sensor sensor, SensorSettings settings) {
        SensorSpec spec = sensor.getSpec();
        String configMap = SensorNames.workload(sensor);
        List<EnvVar> env = new ArrayList<>();
        env.add(value("SQUALL_SENSOR_NAME", sensor.getMetadata().getName()));
        env.add(value("SQUALL_SENSOR_NAMESPACE", sensor.getMetadata().getNamespace()));
        env.add(value("SQUALL_SENSOR_TYPE", Json.mapper().valueToTree(spec.type).asText()));
        env.add(new EnvVarBuilder()
                .withName(SensorNames.CONFIG_KEY)
                .withNewValueFrom()
                .withNewConfigMapKeyRef(SensorNames.CONFIG_KEY, configMap, false)
                .endValueFrom()
                .build());
        env.add(new EnvVarBuilder()
                .withName(SensorNames.TRIGGER_TYPES_KEY)
                .withNewValueFrom()
                .withNewConfigMapKeyRef(SensorNames.TRIGGER_TYPES_KEY, configMap, false)
                .endValueFrom()
                .build());
        env.add(value("SQUALL_NATS_URL", settings.natsUrl()));
        SensorSettings.NatsCredentials nats = settings.nats();
        String natsSecret = SensorNames.natsSecret(sensor);
        if (nats.user().isPresent()) {
            env.add(secretKey("SQUALL_NATS_USER", natsSecret, SensorNatsSecretDependentResource.USER));
            env.add(secretKey("SQUALL_NATS_PASSWORD", natsSecret, SensorNatsSecretDependentResource.PASSWORD));
        }
        if (nats.token().isPresent()) {
            env.add(secretKey("SQUALL_NATS_TOKEN", natsSecret, SensorNatsSecretDependentResource.TOKEN));
        }
        if (nats.creds().isPresent()) {
            env.add(value("SQUALL_NATS_CREDS", NATS_DIR + "/" + SensorNatsSecretDependentResource.CREDS));
        }
        if (hasSecret(spec)) {
            env.add(value("SQUALL_SENSOR_SECRET_DIR", SECRET_DIR));
        }
        env.add(field("POD_NAME", "metadata.name"));
        env.add(field("POD_NAMESPACE", "metadata.namespace"));
        return env;
    }

    private static ResourceRequirements resources(SensorSpec spec, SensorSettings settings) {
        if (spec.resources != null || !isBuiltIn(spec)) {
            return spec.resources;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(settings.cpuRequest()))
                .addToRequests("memory", new Quantity(settings.memoryRequest()))
                .addToLimits("memory", new Quantity(settings.memoryLimit()))
                .build();
    }

    private static List<VolumeMount> volumeMounts(Sensor sensor, SensorSettings settings) {
        List<VolumeMount> mounts = new ArrayList<>();
        // writable scratch space: the root filesystem is read-only
        mounts.add(new VolumeMountBuilder()
                .withName(TMP_VOLUME)
                .withMountPath("/tmp")
                .build());
        if (hasSecret(sensor.getSpec())) {
            mounts.add(new VolumeMountBuilder()
                    .withName(SECRET_VOLUME)
                    .withMountPath(SECRET_DIR)
                    .withReadOnly(true)
                    .build());
        }
        if (settings.nats().creds().isPresent()) {
            mounts.add(new VolumeMountBuilder()
                    .withName(NATS_VOLUME)
                    .withMountPath(NATS_DIR)
                    .withReadOnly(true)
                    .build());
        }
        return mounts;
    }

    private static List<Volume> volumes(Sensor sensor, SensorSettings settings) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder()
                .withName(TMP_VOLUME)
                .withNewEmptyDir()
                .withSizeLimit(new Quantity("64Mi"))
                .endEmptyDir()
                .build());
        if (hasSecret(sensor.getSpec())) {
            // mounted, not copied into env: the sensor re-reads the files, so a rotated Secret needs no restart
            volumes.add(new VolumeBuilder()
                    .withName(SECRET_VOLUME)
                    .withNewSecret()
                    .withSecretName(sensor.getSpec().secretRef)
                    .endSecret()
                    .build());
        }
        if (settings.nats().creds().isPresent()) {
            volumes.add(new VolumeBuilder()
                    .withName(NATS_VOLUME)
                    .withNewSecret()
                    .withSecretName(SensorNames.natsSecret(sensor))
                    .addNewItem()
                    .withKey(SensorNatsSecretDependentResource.CREDS)
                    .withPath(SensorNatsSecretDependentResource.CREDS)
                    .endItem()
                    .endSecret()
                    .build());
        }
        return volumes;
    }

    private static boolean hasSecret(SensorSpec spec) {
        return spec.secretRef != null && !spec.secretRef.isBlank();
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar secretKey(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef(key, secret, false)
                .endValueFrom()
                .build();
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath(path)
                .endFieldRef()
                .endValueFrom()
                .build();
    }
}
