package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.v1alpha1.Sensor;

/**
 * The ClusterIP Service of a webhook sensor: http://&lt;sensor&gt;-sensor.&lt;namespace&gt;.svc:8080/&lt;path&gt;.
 * Created by a plain server-side apply: JOSDK's create-only-if-absent apply sends resourceVersion "1", which the
 * API server's Service storage refuses ("resourceVersion should not be set on objects to be created", seen on a
 * real kube-apiserver in SensorsOnRealApiServerTest).
 */
@KubernetesDependent(
        createResourceOnlyIfNotExistingWithSSA = false,
        informer = @Informer(labelSelector = SensorNames.SELECTOR))
public class SensorServiceDependentResource extends CRUDKubernetesDependentResource<Service, Sensor> {

    public SensorServiceDependentResource() {
        super(Service.class);
    }

    @Override
    protected Service desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor);
    }

    static Service desired(Sensor sensor) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(SensorNames.workload(sensor))
                .withNamespace(sensor.getMetadata().getNamespace())
                .withLabels(SensorNames.labels(sensor))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(SensorNames.selector(sensor))
                .addNewPort()
                .withName("http")
                .withPort(SensorNames.HTTP_PORT)
                .withTargetPort(new IntOrString("http"))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }
}
