package io.squall.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.squall.api.v1alpha1.Sensor;
import io.squall.api.v1alpha1.SensorStatus;
import io.squall.operator.sensor.SensorConditions;
import io.squall.operator.sensor.SensorConfigMapDependentResource;
import io.squall.operator.sensor.SensorDeploymentDependentResource;
import io.squall.operator.sensor.SensorIngressDependentResource;
import io.squall.operator.sensor.SensorNames;
import io.squall.operator.sensor.SensorNatsSecretDependentResource;
import io.squall.operator.sensor.SensorReadiness;
import io.squall.operator.sensor.SensorServiceDependentResource;
import io.squall.operator.status.StatusWriter;
import io.squall.operator.validation.SensorValidator;
import io.squall.operator.validation.Validation;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs each Sensor as a Deployment with its ConfigMap (plus a NATS credentials Secret, and for webhook sensors a
 * Service and optionally an Ingress), all JOSDK dependents owned by the Sensor, so deleting it deletes them. A Sensor whose spec is invalid keeps
 * whatever it ran before and only reports why. Status: replicas, READY "1/1", the webhook URL, and a Ready
 * condition that names the pod's reason (ImagePullBackOff, CrashLoopBackOff...) when it cannot start.
 */
@ControllerConfiguration(name = SensorReconciler.NAME)
@Workflow(
        explicitInvocation = true,
        dependents = {
            @Dependent(type = SensorConfigMapDependentResource.class),
            @Dependent(
                    type = SensorNatsSecretDependentResource.class,
                    reconcilePrecondition = SensorConditions.NatsCredentials.class),
            @Dependent(type = SensorDeploymentDependentResource.class),
            @Dependent(
                    type = SensorServiceDependentResource.class,
                    reconcilePrecondition = SensorConditions.Webhook.class),
            @Dependent(
                    type = SensorIngressDependentResource.class,
                    activationCondition = SensorConditions.IngressEnabled.class,
                    reconcilePrecondition = SensorConditions.Webhook.class)
        })
public class SensorReconciler implements Reconciler<Sensor> {

    public static final String NAME = "sensor";
    public static final String PODS = "sensor-pods";

    private final StatusWriter statusWriter;

    public SensorReconciler(StatusWriter statusWriter) {
        this.statusWriter = statusWriter;
    }

    /** The pods of sensor Deployments, mapped back to their Sensor by the pod-template annotation. */
    @Override
    public List<EventSource<?, Sensor>> prepareEventSources(EventSourceContext<Sensor> context) {
        var pods = InformerEventSourceConfiguration.from(Pod.class, Sensor.class)
                .withName(PODS)
                .withLabelSelector(SensorNames.SELECTOR)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper((Pod pod) -> {
                    String sensor = pod.getMetadata().getAnnotations() == null
                            ? null
                            : pod.getMetadata().getAnnotations().get(SensorNames.ANNOTATION_SENSOR);
                    return sensor == null
                            ? Set.of()
                            : Set.of(new ResourceID(sensor, pod.getMetadata().getNamespace()));
                })
                .build();
        return List.of(new InformerEventSource<>(pods, context));
    }

    @Override
    public UpdateControl<Sensor> reconcile(Sensor sensor, Context<Sensor> context) {
        Validation validation = SensorValidator.validate(sensor.getSpec());
        if (!validation.isValid()) {
            return statusWriter.write(sensor, SensorStatus::new, validation);
        }
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        var deployment = context.getSecondaryResource(Deployment.class);
        List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
        String secretRef = sensor.getSpec().secretRef;
        BooleanSupplier secretMissing = () -> secretRef != null
                && !secretRef.isBlank()
                && context.getClient()
                                .secrets()
                                .inNamespace(sensor.getMetadata().getNamespace())
                                .withName(secretRef)
                                .get()
                        == null;
        SensorReadiness readiness = SensorReadiness.assess(sensor, deployment, pods, secretMissing);
        return write(sensor, readiness);
    }

    /** An unexpected exception shows in the Ready condition (JOSDK still retries). */
    @Override
    public ErrorStatusUpdateControl<Sensor> updateErrorStatus(Sensor sensor, Context<Sensor> context, Exception e) {
        return statusWriter.writeError(sensor, SensorStatus::new, e);
    }

    private UpdateControl<Sensor> write(Sensor sensor, SensorReadiness readiness) {
        return statusWriter.write(
                sensor, SensorStatus::new, readiness.ready(), readiness.reason(), readiness.message(), status -> {
                    status.replicas = readiness.replicas();
                    status.readyReplicas = readiness.readyReplicas();
                    status.ready = readiness.readyText();
                    status.url = SensorNames.url(sensor);
                });
    }
}
