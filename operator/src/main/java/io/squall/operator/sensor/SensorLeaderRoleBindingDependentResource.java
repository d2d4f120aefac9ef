package io.squall.operator.sensor;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.v1alpha1.Sensor;

/** Lets a poll or kubernetes-events sensor hold its Lease (squall.sensors.leader-cluster-role). */
@KubernetesDependent(informer = @Informer(name = SensorLeaderRoleBindingDependentResource.NAME, labelSelector = SensorNames.SELECTOR))
public class SensorLeaderRoleBindingDependentResource extends CRUDKubernetesDependentResource<RoleBinding, Sensor> {

    public static final String NAME = "sensor-leader-rolebinding";

    @Inject
    SensorSettings settings;

    public SensorLeaderRoleBindingDependentResource() {
        super(RoleBinding.class);
    }

    @Override
    protected RoleBinding desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor, settings);
    }

    static RoleBinding desired(Sensor sensor, SensorSettings settings) {
        return SensorRoleBindings.binding(sensor, SensorNames.leaderRoleBinding(sensor), settings.leaderClusterRole());
    }
}
