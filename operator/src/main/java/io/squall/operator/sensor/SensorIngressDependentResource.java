package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.v1alpha1.Sensor;
import jakarta.inject.Inject;

/**
 * Exposes a webhook sensor outside the cluster (squall.sensors.ingress.*, the chart's ingress.* values):
 * {@code POST https://<host>/<webhook path>} reaches the sensor's Service. Paths are exact, so webhook paths must
 * be unique per host across namespaces.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SensorNames.SELECTOR))
public class SensorIngressDependentResource extends CRUDKubernetesDependentResource<Ingress, Sensor> {

    @Inject
    SensorSettings settings;

    public SensorIngressDependentResource() {
        super(Ingress.class);
    }

    @Override
    protected Ingress desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor, settings.ingress());
    }

    static Ingress desired(Sensor sensor, SensorSettings.IngressSettings ingress) {
        IngressRuleBuilder rule = new IngressRuleBuilder()
                .withNewHttp()
                .withPaths(new HTTPIngressPathBuilder()
                        .withPath("/" + SensorNames.webhookPath(sensor))
                        .withPathType("Exact")
                        .withNewBackend()
                        .withNewService()
                        .withName(SensorNames.workload(sensor))
                        .withNewPort()
                        .withName("http")
                        .endPort()
                        .endService()
                        .endBackend()
                        .build())
                .endHttp();
        ingress.host().ifPresent(rule::withHost);
        IngressBuilder builder = new IngressBuilder()
                .withNewMetadata()
                .withName(SensorNames.workload(sensor))
                .withNamespace(sensor.getMetadata().getNamespace())
                .withLabels(SensorNames.labels(sensor))
                .withAnnotations(ingress.annotations().isEmpty() ? null : ingress.annotations())
                .endMetadata()
                .withNewSpec()
                .withIngressClassName(ingress.className().orElse(null))
                .withRules(rule.build())
                .endSpec();
        ingress.tlsSecret()
                .ifPresent(secret -> builder.editSpec()
                        .withTls(new IngressTLSBuilder()
                                .withHosts(ingress.host().stream().toList())
                                .withSecretName(secret)
                                .build())
                        .endSpec());
        return builder.build();
    }
}
