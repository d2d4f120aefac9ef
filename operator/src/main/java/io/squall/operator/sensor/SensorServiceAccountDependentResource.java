package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.v1alpha1.Sensor;

/**
 * The identity of a sensor that uses the Kubernetes API (poll, kubernetes-events): one per Sensor, so each one
 * holds only the grants its RoleBindings give it, and goes away with it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SensorNames.SELECTOR))
public class SensorServiceAccountDependentResource extends CRUDKubernetesDependentResource<ServiceAccount, Sensor> {

    public SensorServiceAccountDependentResource() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor);
    }

    static ServiceAccount desired(Sensor sensor) {
        return new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(SensorNames.workload(sensor))
                .withNamespace(sensor.getMetadata().getNamespace())
                .withLabels(SensorNames.labels(sensor))
                .endMetadata()
                .build();
    }
}
