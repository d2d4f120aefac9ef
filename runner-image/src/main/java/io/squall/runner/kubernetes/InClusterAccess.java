package io.squall.runner.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.squall.runner.ActionConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The runner pod's own identity and nothing else: the token, CA and API address Kubernetes gives a pod of the
 * Action's {@code serviceAccountName} (the operator mounts a token only when the Action names one). Built from those
 * files alone, never from a kubeconfig or the operator's credentials, so an action can do exactly what RBAC grants
 * its account.
 */
public final class InClusterAccess implements KubernetesAccess {
    public static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private final Path accountDir;
    private final Map<String, String> environment;

    public InClusterAccess(Path accountDir, Map<String, String> environment) {
        this.accountDir = accountDir;
        this.environment = environment;
    }

    /**
     * Where Kubernetes mounts the pod's token files; the local kubelet of bin/squall-dev, which cannot write there,
     * names its copy in this variable.
     */
    public static final String SERVICE_ACCOUNT_DIR_ENV = "SQUALL_SERVICE_ACCOUNT_DIR";

    public static InClusterAccess ofPod() {
        return fromEnvironment(System.getenv());
    }

    public static InClusterAccess fromEnvironment(Map<String, String> environment) {
        String dir = environment.get(SERVICE_ACCOUNT_DIR_ENV);
        return new InClusterAccess(dir == null || dir.isBlank() ? SERVICE_ACCOUNT_DIR : Path.of(dir), environment);
    }

    @Override
    public KubernetesClient connect(Duration timeout) throws ActionConfigException {
        return new KubernetesClientBuilder().withConfig(config(timeout)).build();
    }

    Config config(Duration timeout) throws ActionConfigException {
        Path tokenFile = accountDir.resolve("token");
        if (!Files.isReadable(tokenFile)) {
            throw new ActionConfigException(
                    "action.serviceAccountName",
                    "is required by runner kubernetes: the pod has " + "no service account token (" + tokenFile
                            + "); the action acts with that account's RBAC only");
        }
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null || host.isBlank()) {
            throw new ActionConfigException("runner kubernetes", "runs in a pod: KUBERNETES_SERVICE_HOST is not set");
        }
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ActionConfigException(
                    "action.serviceAccountName", "token " + tokenFile + " cannot be read: " + e.getMessage(), e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        ConfigBuilder config = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port)
                .withOauthToken(token)
                .withRequestTimeout(millis)
                .withConnectionTimeout(millis);
        Path ca = accountDir.resolve("ca.crt");
        if (Files.isReadable(ca)) {
            config.withCaCertFile(ca.toString());
        }
        Path namespace = accountDir.resolve("namespace");
        if (Files.isReadable(namespace)) {
            try {
                config.withNamespace(
                        Files.readString(namespace, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new ActionConfigException(
                        "action.serviceAccountName",
                        "namespace file " + namespace + " cannot be read: " + e.getMessage(),
                        e);
            }
        }
        return config.build();
    }
}
