package io.squall.operator.sensor;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.squall.api.v1alpha1.Sensor;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The NATS credentials of the sensor pods (the operator's own squall.nats.user/password, token or creds-file),
 * in a Secret of the sensor's namespace: a pod can only read Secrets of its own namespace, and credentials never
 * go into the Deployment spec. Only reconciled when the operator has credentials (see SensorConditions).
 */
@KubernetesDependent(informer = @Informer(labelSelector = SensorNames.SELECTOR))
public class SensorNatsSecretDependentResource extends CRUDKubernetesDependentResource<Secret, Sensor> {

    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String TOKEN = "token";
    public static final String CREDS = "nats.creds";

    @Inject
    SensorSettings settings;

    public SensorNatsSecretDependentResource() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(Sensor sensor, Context<Sensor> context) {
        return desired(sensor, settings.nats());
    }

    static Secret desired(Sensor sensor, SensorSettings.NatsCredentials nats) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(SensorNames.natsSecret(sensor))
                .withNamespace(sensor.getMetadata().getNamespace())
                .withLabels(SensorNames.labels(sensor))
                .endMetadata()
                .withType("Opaque")
                .withData(data(nats))
                .build();
    }

    /** Base64 values, keyed user, password, token and nats.creds (only those set). */
    static Map<String, String> data(SensorSettings.NatsCredentials nats) {
        Map<String, String> data = new TreeMap<>();
        nats.user().ifPresent(v -> data.put(USER, base64(v)));
        nats.password().ifPresent(v -> data.put(PASSWORD, base64(v)));
        nats.token().ifPresent(v -> data.put(TOKEN, base64(v)));
        nats.creds().ifPresent(v -> data.put(CREDS, base64(v)));
        return data;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
