package io.squall.local;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * What the kubelet's service-account token volume gives a pod that sets {@code serviceAccountName} and
 * {@code automountServiceAccountToken: true}: a token of that account from the TokenRequest API (bound to the pod,
 * one hour), the API server's CA and the namespace, as files, plus KUBERNETES_SERVICE_HOST/PORT. The files go under
 * the pod's volumes (deleted with them); {@code SQUALL_SERVICE_ACCOUNT_DIR} names them, since a local process cannot
 * have them at /var/run/secrets/kubernetes.io/serviceaccount. So the kubernetes runner acts as the Action's account
 * here too, never as the local kubelet's admin.
 */
final class LocalServiceAccountToken {
    static final String DIR_ENV = "SQUALL_SERVICE_ACCOUNT_DIR";
    private static final long EXPIRATION_SECONDS = 3600;

    private LocalServiceAccountToken() {}

    /** @return the variables to add to the pod's process (none when the pod gets no token) */
    static Map<String, String> mount(KubernetesClient client, Pod pod, Path podDir) throws IOException {
        String account = pod.getSpec().getServiceAccountName();
        if (!Boolean.TRUE.equals(pod.getSpec().getAutomountServiceAccountToken())
                || account == null
                || account.isBlank()) {
            return Map.of();
        }
        String namespace = pod.getMetadata().getNamespace();
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(EXPIRATION_SECONDS)
                .withNewBoundObjectRef()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .endBoundObjectRef()
                .endSpec()
                .build();
        String token;
        try {
            token = client.serviceAccounts()
                    .inNamespace(namespace)
                    .withName(account)
                    .tokenRequest(request)
                    .getStatus()
                    .getToken();
        } catch (KubernetesClientException e) {
            throw new PodSetupException("serviceaccount \"" + account + "\": no token: " + e.getMessage());
        }
        Path dir = Files.createDirectories(podDir.resolve("volumes").resolve("kube-api-access"));
        Files.writeString(dir.resolve("token"), token, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("namespace"), namespace, StandardCharsets.UTF_8);
        var config = client.getConfiguration();
        if (config.getCaCertData() != null) {
            Files.write(dir.resolve("ca.crt"), Base64.getDecoder().decode(config.getCaCertData()));
        } else if (config.getCaCertFile() != null) {
            Files.copy(Path.of(config.getCaCertFile()), dir.resolve("ca.crt"));
        }
        URI server = URI.create(config.getMasterUrl());
        int port = server.getPort() > 0 ? server.getPort() : 443;
        return Map.of(
                "KUBERNETES_SERVICE_HOST",
                server.getHost(),
                "KUBERNETES_SERVICE_PORT",
                String.valueOf(port),
                DIR_ENV,
                dir.toString());
    }
}
