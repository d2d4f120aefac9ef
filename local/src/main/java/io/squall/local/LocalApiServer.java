package io.squall.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real kube-apiserver + etcd started by fabric8 kube-api-test, with an admin kubeconfig file and the kubectl
 * that matches the server. No controller-manager, scheduler or kubelet: the local executors and
 * {@link LocalGarbageCollector} play those parts.
 *
 * <p>Binaries: a directory laid out as {@code k8s/1.20.2-linux-amd64/{kube-apiserver,etcd,kubectl}} (offline mode;
 * ../shared/tools/kube-apiserver/provision.sh builds one from Debian's packages), linked into a private test
 * directory because kube-api-test writes the certificates there and servers started at the same time must not
 * overwrite each other's; without one, kube-api-test downloads envtest binaries (needs the internet).
 */
public final class LocalApiServer implements AutoCloseable {

    public static final String VERSION = "1.20.2";
    public static final String PLATFORM = VERSION + "-linux-amd64";
    private static final int STARTUP_TIMEOUT_MILLIS = 180_000;

    private final KubeAPIServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Path kubectl;

    private LocalApiServer(KubeAPIServer server, KubernetesClient client, Path kubeconfig, Path kubectl) {
        this.server = server;
        this.client = client;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
    }

    /**
     * @param workDir     where the kubeconfig (and, in offline mode, kube-api-test's test directory) go
     * @param provisioned the binaries directory, or empty to let kube-api-test download them
     */
    public static LocalApiServer start(Path workDir, Optional<Path> provisioned) throws IOException {
        Files.createDirectories(workDir);
        KubeAPIServerConfig config = config(workDir, provisioned);
        KubeAPIServer server = new KubeAPIServer(config);
        try {
            server.start();
        } catch (KubeAPITestException e) {
            IllegalStateException failure = new IllegalStateException("kube-apiserver " + VERSION + " did not start: "
                    + e.getMessage() + (provisioned.isPresent() ? "" : " (kube-api-test downloads the binaries when "
                            + "SQUALL_KUBE_API_TEST_DIR is not set; without internet, point it at binaries laid out as "
                            + "k8s/" + PLATFORM + "/{kube-apiserver,etcd,kubectl}: "
                            + "../shared/tools/kube-apiserver/provision.sh builds them from Debian's packages)"), e);
            try {
                server.stop(); // whatever did start (etcd)
            } catch (RuntimeException stopFailure) {
                failure.addSuppressed(stopFailure); // kube-api-test's stop fails on parts that never started
            }
            throw failure;
        }
        try {
            String yaml = server.getKubeConfigYaml();
            Path kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), yaml);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
            BinaryManager binaries = new BinaryManager(config);
            binaries.initAndDownloadIfRequired();
            return new LocalApiServer(server, client, kubeconfig, binaries.binaries().getKubectl().toPath());
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /** The provisioned binaries' directory, checked, or an error that says how to make one. */
    public static Path requireBinaries(Path provisioned) {
        Path binaries = provisioned.resolve("k8s").resolve(PLATFORM);
        for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
            if (!Files.isExecutable(binaries.resolve(binary))) {
                throw new IllegalStateException(provisioned + " has no executable " + binaries.resolve(binary)
                        + " (run ../shared/tools/kube-apiserver/provision.sh, or unset SQUALL_KUBE_API_TEST_DIR to let "
                        + "kube-api-test download the binaries)");
            }
        }
        return binaries;
    }

    private static KubeAPIServerConfig config(Path workDir, Optional<Path> provisioned) throws IOException {
        KubeAPIServerConfigBuilder builder = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(VERSION)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(STARTUP_TIMEOUT_MILLIS);
        if (provisioned.isEmpty()) {
            return builder.build();
        }
        Path binaries = requireBinaries(provisioned.get());
        Path testDir = workDir.resolve("kubeapitest");
        Files.createDirectories(testDir.resolve("k8s"));
        Files.createSymbolicLink(testDir.resolve("k8s").resolve(PLATFORM), binaries.toAbsolutePath());
        return builder.withTestDir(testDir.toString()).withOfflineMode(true).build();
    }

    /** A client authenticated as a cluster admin (client certificate in group system:masters). */
    public KubernetesClient client() {
        return client;
    }

    /** The admin kubeconfig file. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The kubectl that matches the server. */
    public Path kubectl() {
        return kubectl;
    }

    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /** Creates every CRD in {@code dir} (*.yml, *.yaml) and waits until the API server reports each Established. */
    public List<CustomResourceDefinition> installCrds(Path dir) throws IOException {
        List<CustomResourceDefinition> installed = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    installed.add(client.resource(crd).create());
                }
            }
        }
        for (CustomResourceDefinition crd : installed) {
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(LocalApiServer::isEstablished, 60, TimeUnit.SECONDS);
        }
        return installed;
    }

    public static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public void createNamespace(String name) {
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.stop();
        }
    }
}
