package io.squall.cli.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.squall.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach the cluster, as kubectl does: the kubeconfig (KUBECONFIG, ~/.kube/config), its context, a namespace. */
public final class KubeOptions {
    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "the kubeconfig (default: $KUBECONFIG or ~/.kube/config)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "the kubeconfig context (default: its current one)")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "the namespace (default: the context's, else default)")
    String namespace;

    private Config config;

    Config config() {
        if (config == null) {
            if (kubeconfig != null) {
                if (!Files.isRegularFile(kubeconfig)) {
                    throw UsageException.input("--kubeconfig " + kubeconfig + ": no such file", null);
                }
                config = Config.fromKubeconfig(context, kubeconfig.toFile());
            } else {
                config = Config.autoConfigure(context);
            }
        }
        return config;
    }

    KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    String namespace() {
        if (namespace != null) {
            return namespace;
        }
        String fromContext = config().getNamespace();
        return fromContext == null || fromContext.isBlank() ? "default" : fromContext;
    }
}
