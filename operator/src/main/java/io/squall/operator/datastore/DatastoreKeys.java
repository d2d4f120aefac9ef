package io.squall.operator.datastore;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.SecretCipher;
import io.squall.operator.ApiErrors;
import io.squall.operator.config.SquallConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Where the key that encrypts secret datastore values comes from: {@code squall.datastore.encryption-key} (the
 * chart's {@code datastore.encryptionKeySecret}, a Secret the user manages), else the Secret
 * {@code squall.datastore.key-secret} in the operator's namespace, which the operator creates with 32 random bytes
 * the first time it needs a key and never changes: it is not a chart object, so no upgrade, GitOps sync or
 * uninstall can replace it (a replaced key would make every secret value unreadable). Two replicas creating it at
 * once: the second gets 409 and reads the first one's.
 */
final class DatastoreKeys {
    private static final Logger LOG = Logger.getLogger(DatastoreKeys.class);
    static final String KEY = "key";

    private final KubernetesClient client;
    private final SquallConfig.Datastore config;
    private volatile SecretCipher cipher;

    DatastoreKeys(KubernetesClient client, SquallConfig.Datastore config) {
        this.client = client;
        this.config = config;
        config.encryptionKey()
                .filter(k -> !k.isBlank())
                .ifPresent(k -> cipher = new SecretCipher(k.getBytes(StandardCharsets.UTF_8)));
    }

    /** The cipher, or null when no key is configured at all. */
    SecretCipher cipher() {
        SecretCipher known = cipher;
        if (known != null || config.keySecret().filter(s -> !s.isBlank()).isEmpty()) {
            return known;
        }
        synchronized (this) {
            if (cipher == null) {
                cipher = new SecretCipher(keyFromSecret(config.keySecret().get()));
            }
            return cipher;
        }
    }

    private byte[] keyFromSecret(String name) {
        String namespace = System.getenv().getOrDefault("POD_NAMESPACE", client.getNamespace());
        try {
            Secret existing =
                    client.secrets().inNamespace(namespace).withName(name).get();
            if (existing == null) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                try {
                    existing = client.resource(new SecretBuilder()
                                    .withNewMetadata()
                                    .withName(name)
                                    .withNamespace(namespace)
                                    .addToLabels("app.kubernetes.io/part-of", "squall")
                                    .addToAnnotations(
                                            "squall.io/purpose",
                                            "encrypts the datastore's secret values: "
                                                    + "deleting or changing it makes them unreadable")
                                    .endMetadata()
                                    .withData(Map.of(KEY, Base64.getEncoder().encodeToString(random)))
                                    .build())
                            .create();
                    LOG.infof("datastore: created the encryption key Secret %s/%s", namespace, name);
                } catch (KubernetesClientException e) {
                    if (e.getCode() != ApiErrors.CONFLICT) {
                        throw e;
                    }
                    existing = client.secrets()
                            .inNamespace(namespace)
                            .withName(name)
                            .get();
                }
            }
            String data = existing == null || existing.getData() == null
                    ? null
                    : existing.getData().get(KEY);
            if (data == null) {
                throw new DatastoreException(
                        "the datastore key Secret " + namespace + "/" + name + " has no key '" + KEY + "'");
            }
            return Base64.getDecoder().decode(data);
        } catch (KubernetesClientException e) {
            throw new DatastoreException("the datastore encryption key Secret " + namespace + "/" + name
                    + " cannot be read or created: " + e.getMessage());
        }
    }
}
