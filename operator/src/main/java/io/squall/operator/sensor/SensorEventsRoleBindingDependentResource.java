package io.squall.operator.sensor;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.v1alpha1.Sensor;

/**
 * Lets a kubernetes-events sensor read Events in its own namespace (squall.sensors.events-cluster-role). Watching
 * other namespaces needs a binding there that an administrator creates: a Sensor must not open other tenants'
 * Events to whoever may create Sensors.
 */
@KubernetesDependent(informer = @Informer(name = SensorEventsRoleBindingDependentResource.NAME, labelSelector = SensorNames.SELECTOR))
public class SensorEventsRoleBindingDependentResource extends CRUDKubernetesDependentResource<RoleBinding, Sensor> {

    public static final String NAME = "sensor-events-rolebinding";

    @Inject
    SensorSettings settings;

    public SensorEventsRoleBindingDependentResource() {
        super(RoleBinding.class);
    }

    @Override
    protected RoleBinding desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor, settings);
    }

    static RoleBinding desired(Sensor sensor, SensorSettings settings) {
        return SensorRoleBindings.binding(sensor, SensorNames.eventsRoleBinding(sensor), settings.eventsClusterRole());
    }
}
