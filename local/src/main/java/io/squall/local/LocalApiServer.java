package io.squall.local;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real kube-apiserver + etcd started by fabric8 kube-api-test, with an admin kubeconfig file and the kubectl
 * that matches the server: the kube-apiserver of bin/squall-dev and of every module's tests. No controller-manager,
 * scheduler or kubelet: the local executors and {@link LocalGarbageCollector} play those parts.
 * <pre>
 * try (LocalApiServer api = LocalApiServer.start()) { api.installCrds(Path.of("../crds")); api.client() ... }
 * </pre>
 * A server started without a work directory gets a temporary one, deleted on {@link #close()}; a given one is kept.
 *
 * <p>Binaries: a directory laid out as {@code k8s/1.20.2-linux-amd64/{kube-apiserver,etcd,kubectl}} (offline mode;
 * ../shared/tools/kube-apiserver/provision.sh builds one from Debian's packages), linked into a private test
 * directory because kube-api-test writes the certificates there and servers started at the same time must not
 * overwrite each other's; without one, kube-api-test downloads envtest binaries (needs the internet).
 * {@value #BINARIES_ENV} names that directory for the tests and bin/squall-dev.
 *
 * <p>Known quirk of the Debian-built 1.20.2 server that provision.sh produces: an empty string in a custom resource
 * ({@code message: ""}) is read as null and rejected ("must be of type string: \"null\""), where upstream Kubernetes
 * accepts it. Built-in kinds (ConfigMap data) are not affected.
 */
public final class LocalApiServer implements AutoCloseable {

    public static final String VERSION = "1.20.2";
    public static final String PLATFORM = VERSION + "-linux-amd64";
    /** The environment variable that names the provisioned binaries' directory. */
    public static final String BINARIES_ENV = "SQUALL_KUBE_API_TEST_DIR";

    private static final System.Logger LOG = System.getLogger(LocalApiServer.class.getName());
    private static final int STARTUP_TIMEOUT_MILLIS = 180_000;
    private static final long SERVED_TIMEOUT_SECONDS = 60;

    private final KubeAPIServer server;
    private final KubernetesClient client;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final Path kubeconfig;
    private final Path kubectl;

    private LocalApiServer(
            KubeAPIServer server,
            KubernetesClient client,
            Path workDir,
            boolean ownsWorkDir,
            Path kubeconfig,
            Path kubectl) {
        this.server = server;
        this.client = client;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
    }

    /** For tests: binaries from {@value #BINARIES_ENV} (else downloaded), a temporary work directory deleted on close. */
    public static LocalApiServer start() throws IOException {
        Path workDir = Files.createTempDirectory("squall-kube-api-");
        try {
            return start(workDir, true, binaries(System.getenv()));
        } catch (IOException | RuntimeException e) {
            deleteTree(workDir);
            throw e;
        }
    }

    /**
     * @param workDir     where the kubeconfig (and, in offline mode, kube-api-test's test directory) go
     * @param provisioned the binaries directory, or empty to let kube-api-test download them
     */
    public static LocalApiServer start(Path workDir, Optional<Path> provisioned) throws IOException {
        return start(workDir, false, provisioned);
    }

    private static LocalApiServer start(Path workDir, boolean ownsWorkDir, Optional<Path> provisioned)
            throws IOException {
        Files.createDirectories(workDir);
        StartupWindow window = StartupWindow.at(LocalTime.now(), STARTUP_TIMEOUT_MILLIS);
        awaitStartOf(window);
        KubeAPIServerConfig config = config(workDir, provisioned, window.timeoutMillis());
        KubeAPIServer server = new KubeAPIServer(config);
        try {
            server.start();
        } catch (KubeAPITestException e) {
            IllegalStateException failure = new IllegalStateException(
                    "kube-apiserver " + VERSION + " did not start: "
                            + e.getMessage()
                            + (provisioned.isPresent()
                                    ? ""
                                    : " (kube-api-test downloads the binaries when "
                                            + BINARIES_ENV
                                            + " is not set; without internet, point it at binaries laid out as "
                                            + "k8s/" + PLATFORM + "/{kube-apiserver,etcd,kubectl}: "
                                            + "../shared/tools/kube-apiserver/provision.sh builds them from Debian's packages)"),
                    e);
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
            KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(yaml))
                    .build();
            BinaryManager binaries = new BinaryManager(config);
            binaries.initAndDownloadIfRequired();
            return new LocalApiServer(
                    server,
                    client,
                    workDir,
                    ownsWorkDir,
                    kubeconfig,
                    binaries.binaries().getKubectl().toPath());
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /** The binaries' directory that {@value #BINARIES_ENV} names in {@code env}, if it is set. */
    public static Optional<Path> binaries(Map<String, String> env) {
        return Optional.ofNullable(env.get(BINARIES_ENV))
                .filter(s -> !s.isBlank())
                .map(Path::of);
    }

    /** The provisioned binaries' directory, checked, or an error that says how to make one. */
    public static Path requireBinaries(Path provisioned) {
        Path binaries = provisioned.resolve("k8s").resolve(PLATFORM);
        for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
            if (!Files.isExecutable(binaries.resolve(binary))) {
                throw new IllegalStateException(provisioned + " has no executable " + binaries.resolve(binary)
                        + " (run ../shared/tools/kube-apiserver/provision.sh, or unset " + BINARIES_ENV + " to let "
                        + "kube-api-test download the binaries)");
            }
        }
        return binaries;
    }

    private static void awaitStartOf(StartupWindow window) {
        if (window.delay().isZero()) {
            return;
        }
        LOG.log(
                Level.INFO,
                "kube-apiserver start waits {0} s, until just after midnight (the startup deadline of kube-api-test "
                        + "cannot cross midnight)",
                window.delay().toSeconds());
        try {
            Thread.sleep(window.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to start kube-apiserver", e);
        }
    }

    private static KubeAPIServerConfig config(Path workDir, Optional<Path> provisioned, int startupTimeoutMillis)
            throws IOException {
        KubeAPIServerConfigBuilder builder = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(VERSION)
                .withUpdateKubeConfig(false)
                .withStartupTimeout(startupTimeoutMillis);
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

    /** Where the kubeconfig and the certificates are: a scratch directory for tests when it was temporary. */
    public Path workDir() {
        return workDir;
    }

    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /** Creates every CRD in {@code dir} (*.yml, *.yaml) and waits until each is served ({@link #awaitServed}). */
    public List<CustomResourceDefinition> installCrds(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return installCrds(files.filter(
                            p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted()
                    .toList());
        }
    }

    /** Creates the CRD files (e.g. ../crds/executions.squall.io-v1.yml) and waits until each is served. */
    public List<CustomResourceDefinition> installCrds(List<Path> files) throws IOException {
        List<CustomResourceDefinition> installed = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .load(in)
                        .item();
                installed.add(client.resource(crd).create());
            }
        }
        awaitServed(installed);
        return installed;
    }

    /**
     * Waits until the API server reports each CRD Established and lists it in discovery (which the API server updates
     * only after Established; generic clients and kubectl resolve kinds through discovery).
     */
    public void awaitServed(List<CustomResourceDefinition> crds) {
        for (CustomResourceDefinition crd : crds) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(LocalApiServer::isEstablished, SERVED_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        for (CustomResourceDefinition crd : crds) {
            String plural = crd.getSpec().getNames().getPlural();
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                awaitDiscovery(crd.getSpec().getGroup() + "/" + version.getName(), plural);
            }
        }
    }

    private void awaitDiscovery(String groupVersion, String plural) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SERVED_TIMEOUT_SECONDS);
        KubernetesClientException lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                var resources = client.getApiResources(groupVersion);
                if (resources != null && resources.getResources().stream().anyMatch(r -> plural.equals(r.getName()))) {
                    return;
                }
            } catch (KubernetesClientException e) {
                lastFailure = e; // the group version is not in discovery yet (404): ask again
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + plural + " in " + groupVersion, e);
            }
        }
        throw new IllegalStateException(
                plural + " is not in the discovery of " + groupVersion + " after " + SERVED_TIMEOUT_SECONDS + " s",
                lastFailure);
    }

    public static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public void createNamespace(String name) {
        client.resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            try {
                server.stop();
            } finally {
                if (ownsWorkDir) {
                    deleteTree(workDir);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
