package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.squall.api.v1alpha1.Sensor;

/**
 * A RoleBinding, in the sensor's namespace, of one of the chart's sensor ClusterRoles to the sensor's
 * ServiceAccount. The operator needs no grant it passes on: only `bind` on those two ClusterRoles.
 */
final class SensorRoleBindings {

    private SensorRoleBindings() {
    }

    static RoleBinding binding(Sensor sensor, String name, String clusterRole) {
        return new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(sensor.getMetadata().getNamespace())
                .withLabels(SensorNames.labels(sensor))
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(clusterRole)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SensorNames.workload(sensor))
                .withNamespace(sensor.getMetadata().getNamespace())
                .endSubject()
                .build();
    }
}
