package io.squall.operator.inquiry;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.squall.operator.ApiErrors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The inquiry webhook's Secret in the operator's namespace: the CA and serving certificate ({@code ca.crt},
 * {@code tls.crt}, {@code tls.key}) and the key of the response stamps ({@code stamp.key}). Made by the operator at
 * its first start, like the datastore key: not a chart object, so upgrades and GitOps syncs leave it alone. Every
 * replica reads the same one (two creating it at once: the second gets 409 and reads the first one's). When the
 * hosts the API server calls change, the certificates are issued again; the stamp key never changes.
 */
final class WebhookSecret {
    private static final Logger LOG = Logger.getLogger(WebhookSecret.class);
    static final String CA = "ca.crt";
    static final String CERT = "tls.crt";
    static final String KEY = "tls.key";
    static final String STAMP_KEY = "stamp.key";
    static final String HOSTS_ANNOTATION = "squall.io/certificate-hosts";

    /** What the Secret holds. */
    record Credentials(String caPem, String certPem, String keyPem, byte[] stampKey) {}

    private WebhookSecret() {}

    static Credentials ensure(KubernetesClient client, String namespace, String name, List<String> hosts) {
        String wanted = String.join(",", hosts);
        for (int attempt = 0; attempt < 5; attempt++) {
            Secret existing =
                    client.secrets().inNamespace(namespace).withName(name).get();
            try {
                if (existing == null) {
                    Secret created = client.resource(build(namespace, name, wanted, hosts, randomKey()))
                            .create();
                    LOG.infof(
                            "inquiry webhook: created the Secret %s/%s (CA, serving certificate for %s, stamp key)",
                            namespace, name, wanted);
                    return read(created);
                }
                Map<String, String> annotations = existing.getMetadata().getAnnotations();
                if (annotations != null && wanted.equals(annotations.get(HOSTS_ANNOTATION)) && complete(existing)) {
                    return read(existing);
                }
                String stampKey =
                        existing.getData() == null ? null : existing.getData().get(STAMP_KEY);
                Secret renewed = build(namespace, name, wanted, hosts, stampKey == null ? randomKey() : stampKey);
                renewed.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                Secret updated = client.resource(renewed).update();
                LOG.infof("inquiry webhook: issued new certificates in %s/%s for %s", namespace, name, wanted);
                return read(updated);
            } catch (KubernetesClientException e) {
                if (e.getCode() != ApiErrors.CONFLICT) {
                    throw new IllegalStateException(
                            "the inquiry webhook Secret " + namespace + "/" + name
                                    + " cannot be read, created or updated: " + e.getMessage(),
                            e);
                }
                // another replica wrote it meanwhile: read theirs
            }
        }
        throw new IllegalStateException("the inquiry webhook Secret " + namespace + "/" + name
                + " kept changing while it was being written (5 conflicts)");
    }

    private static Secret build(String namespace, String name, String wanted, List<String> hosts, String stampKey) {
        WebhookCertificates.Issued issued = WebhookCertificates.issue(hosts, Instant.now());
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "squall")
                .addToAnnotations(
                        "squall.io/purpose",
                        "the inquiry admission webhook's TLS certificate and the key "
                                + "of its response stamps: deleting it makes the operator issue new ones")
                .addToAnnotations(HOSTS_ANNOTATION, wanted)
                .endMetadata()
                .withType("Opaque")
                .withData(new HashMap<>(Map.of(
                        CA,
                        base64(issued.caPem()),
                        CERT,
                        base64(issued.certPem()),
                        KEY,
                        base64(issued.keyPem()),
                        STAMP_KEY,
                        stampKey)))
                .build();
    }

    private static boolean complete(Secret secret) {
        return secret.getData() != null && secret.getData().keySet().containsAll(List.of(CA, CERT, KEY, STAMP_KEY));
    }

    private static Credentials read(Secret secret) {
        Map<String, String> data = secret.getData();
        return new Credentials(
                text(data.get(CA)),
                text(data.get(CERT)),
                text(data.get(KEY)),
                Base64.getDecoder().decode(data.get(STAMP_KEY)));
    }

    private static String randomKey() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
