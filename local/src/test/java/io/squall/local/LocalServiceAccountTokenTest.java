package io.squall.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local kubelet hands a pod its service account's token files, on a real kube-apiserver. */
class LocalServiceAccountTokenTest {
    private static final String NS = "tokens";

    @TempDir
    static Path work;

    private static LocalApiServer api;
    private static KubernetesClient admin;

    @BeforeAll
    static void start() throws Exception {
        api = LocalApiServer.start(work.resolve("api"), LocalApiServer.binaries(System.getenv()));
        admin = api.client();
        api.createNamespace(NS);
        admin.resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("scaler")
                        .withNamespace(NS)
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static Pod pod(String name, String account, Boolean automount) {
        return admin.resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewSpec()
                        .withServiceAccountName(account)
                        .withAutomountServiceAccountToken(automount)
                        .addNewContainer()
                        .withName("runner")
                        .withImage("squall-runner")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    @Test
    void aPodOfAnAccountGetsThatAccountsTokenAndNothingMore() throws Exception {
        Path podDir = work.resolve("pod-1");
        Map<String, String> env = LocalServiceAccountToken.mount(admin, pod("run-1", "scaler", true), podDir);

        Path dir = Path.of(env.get(LocalServiceAccountToken.DIR_ENV));
        assertThat(dir).startsWith(podDir.resolve("volumes"));
        assertThat(Files.readString(dir.resolve("namespace"))).isEqualTo(NS);
        assertThat(env.get("KUBERNETES_SERVICE_HOST"))
                .isEqualTo(java.net.URI.create(api.url()).getHost());
        // a client built from those files alone is the service account: RBAC grants it nothing here
        try (KubernetesClient asPod = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                        .withMasterUrl("https://" + env.get("KUBERNETES_SERVICE_HOST") + ":"
                                + env.get("KUBERNETES_SERVICE_PORT"))
                        .withCaCertFile(dir.resolve("ca.crt").toString())
                        .withOauthToken(Files.readString(dir.resolve("token")))
                        .build())
                .build()) {
            assertThatThrownBy(() -> asPod.configMaps().inNamespace(NS).list())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining(
                            "User \"system:serviceaccount:tokens:scaler\" cannot list resource \"configmaps\"");
        }
    }

    @Test
    void aPodWithoutAnAccountOrWithoutAutomountGetsNone() throws Exception {
        assertThat(LocalServiceAccountToken.mount(admin, pod("run-2", "scaler", false), work.resolve("pod-2")))
                .isEmpty();
        assertThat(LocalServiceAccountToken.mount(admin, pod("run-3", null, false), work.resolve("pod-3")))
                .isEmpty();
    }

    @Test
    void aMissingAccountIsAPodSetupErrorNamingIt() {
        Pod pod = new PodBuilder(pod("run-4", "scaler", true))
                .editSpec()
                .withServiceAccountName("nobody")
                .endSpec()
                .build();
        assertThatThrownBy(() -> LocalServiceAccountToken.mount(admin, pod, work.resolve("pod-4")))
                .isInstanceOf(PodSetupException.class)
                .hasMessageStartingWith("serviceaccount \"nobody\": no token: ");
    }
}
