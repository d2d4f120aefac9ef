package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.smallrye.config.SmallRyeConfig;
import io.squall.api.v1alpha1.Sensor;
import io.squall.api.v1alpha1.SensorSpec;
import io.squall.api.v1alpha1.SensorType;
import io.squall.operator.config.SquallConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * When the optional dependents of a Sensor exist (JOSDK reconcile preconditions: while one is false the
 * dependent is deleted, e.g. a webhook sensor turned into a poll sensor loses its Service), and which sensors
 * use the Kubernetes API.
 */
public final class SensorConditions {

    private SensorConditions() {}

    /** poll and kubernetes-events take a Lease (single writer); kubernetes-events also reads Events. */
    public static boolean usesKubernetesApi(SensorSpec spec) {
        return spec.type == SensorType.POLL || spec.type == SensorType.KUBERNETES_EVENTS;
    }

    /** A Service (and, if enabled, an Ingress) in front of webhook sensors. */
    public static class Webhook<R extends HasMetadata> implements Condition<R, Sensor> {
        @Override
        public boolean isMet(DependentResource<R, Sensor> dependent, Sensor sensor, Context<Sensor> context) {
            return sensor.getSpec().type == SensorType.WEBHOOK;
        }
    }

    /** A NATS credentials Secret only when the operator connects with credentials. */
    public static class NatsCredentials<R extends HasMetadata> implements Condition<R, Sensor> {
        @Override
        public boolean isMet(DependentResource<R, Sensor> dependent, Sensor sensor, Context<Sensor> context) {
            SquallConfig.Nats nats = config().nats();
            return nats.user().isPresent()
                    || nats.token().isPresent()
                    || nats.credsFile().isPresent();
        }
    }

    /**
     * Activation condition of the Ingress dependent: without squall.sensors.ingress.enabled the operator does not
     * even watch Ingresses, so it needs no RBAC on them. The same for every Sensor (JOSDK registers or removes the
     * informer from it).
     */
    public static class IngressEnabled<R extends HasMetadata> implements Condition<R, Sensor> {
        @Override
        public boolean isMet(DependentResource<R, Sensor> dependent, Sensor sensor, Context<Sensor> context) {
            return config().sensors().ingress().enabled();
        }
    }

    // JOSDK instantiates conditions itself (no CDI), so they read the configuration directly
    private static SquallConfig config() {
        return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(SquallConfig.class);
    }
}
