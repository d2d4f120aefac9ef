package io.squall.operator.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real kube-apiserver + etcd (fabric8 kube-api-test) for one test class, where Kubernetes semantics matter
 * that the Fabric8 mock server does not have (optimistic locking of the status subresource, validation of
 * built-in kinds). The binaries come from {@value #TEST_DIR_ENV} (see the README's prerequisites), never from
 * the internet. {@code @RegisterExtension static final KubeApiServer apiServer = new KubeApiServer();}
 */
public final class KubeApiServer implements BeforeAllCallback, AfterAllCallback {

    public static final String TEST_DIR_ENV = "SQUALL_KUBE_API_TEST_DIR";
    static final String VERSION = "1.20.2";

    private Path workDir;
    private KubeAPIServer server;
    private KubernetesClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String provisioned = System.getenv(TEST_DIR_ENV);
        if (provisioned == null || provisioned.isBlank()) {
            throw new IllegalStateException(TEST_DIR_ENV + " is not set: point it at the kube-apiserver binaries "
                    + "(k8s/" + VERSION + "-linux-amd64/{kube-apiserver,etcd,kubectl}; in this workplace "
                    + "../shared/tools/kube-apiserver/provision.sh prints the directory)");
        }
        Path binaries = Path.of(provisioned, "k8s", VERSION + "-linux-amd64");
        if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
            throw new IllegalStateException(TEST_DIR_ENV + "=" + provisioned + " has no executable "
                    + binaries.resolve("kube-apiserver"));
        }
        // kube-api-test writes certificates into its directory: a private one per server
        workDir = Files.createTempDirectory("squall-kube-api-");
        Path testDir = workDir.resolve("kubeapitest");
        Files.createDirectories(testDir.resolve("k8s"));
        Files.createSymbolicLink(testDir.resolve("k8s").resolve(VERSION + "-linux-amd64"), binaries);
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(VERSION)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(180_000)
                .withTestDir(testDir.toString())
                .withOfflineMode(true)
                .build());
        server.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
            if (workDir != null) {
                try (Stream<Path> paths = Files.walk(workDir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
    }

    /** A cluster-admin client. */
    public KubernetesClient client() {
        return client;
    }

    /** Whether the CRD is served: its status (and its conditions) may not be written yet when it is first read. */
    static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Creates the CRD files (e.g. ../crds/executions.squall.io-v1.yml) and waits until each is Established. */
    public void installCrds(List<Path> files) {
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.resource(crd).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(KubeApiServer::established, 60, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
