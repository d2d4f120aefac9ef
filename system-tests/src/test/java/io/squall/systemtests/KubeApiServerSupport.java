package io.squall.systemtests;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real kube-apiserver + etcd (fabric8 kube-api-test) for one test class, with an admin Fabric8
 * client, a kubeconfig file and the matching kubectl binary.
 *
 * <p>When {@code SQUALL_KUBE_API_TEST_DIR} names a directory laid out as
 * {@code k8s/1.20.2-linux-amd64/{kube-apiserver,etcd,kubectl}}, the binaries come from there and
 * nothing is downloaded; otherwise kube-api-test downloads envtest binaries as it normally does.
 *
 * <pre>{@code @RegisterExtension static final KubeApiServerSupport apiServer = new KubeApiServerSupport();}</pre>
 *
 * <p>Known quirk of the Debian-built 1.20.2 server that provision.sh produces: an empty string in a
 * custom resource ({@code message: ""}) is read as null and rejected ("must be of type string:
 * \"null\""), where upstream Kubernetes accepts it. Built-in kinds (ConfigMap data) are not affected.
 */
public final class KubeApiServerSupport implements BeforeAllCallback, AfterAllCallback {

  public static final String TEST_DIR_ENV = "SQUALL_KUBE_API_TEST_DIR";
  public static final String API_SERVER_VERSION = "1.20.2";
  private static final int STARTUP_TIMEOUT_MILLIS = 180_000;

  private Path workDir;
  private KubeAPIServer server;
  private KubernetesClient client;
  private Path kubeconfig;
  private Path kubectl;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    workDir = Files.createTempDirectory("squall-kube-api-");
    KubeAPIServerConfig config = serverConfig();
    server = new KubeAPIServer(config);
    server.start();
    String kubeconfigYaml = server.getKubeConfigYaml();
    kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), kubeconfigYaml);
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
    BinaryManager binaries = new BinaryManager(config);
    binaries.initAndDownloadIfRequired();
    kubectl = binaries.binaries().getKubectl().toPath();
  }

  /**
   * The provisioned binaries are linked into a private directory because kube-api-test writes the
   * server and client certificates into its test directory: servers started at the same time by
   * other test runs must not overwrite each other's certificates.
   */
  private KubeAPIServerConfig serverConfig() throws IOException {
    KubeAPIServerConfigBuilder builder = KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withApiServerVersion(API_SERVER_VERSION)
        .withUpdateKubeConfig(false)
        .withStartupTimeout(STARTUP_TIMEOUT_MILLIS);
    String provisioned = System.getenv(TEST_DIR_ENV);
    if (provisioned == null || provisioned.isBlank()) {
      return builder.build();
    }
    String platform = API_SERVER_VERSION + "-linux-amd64";
    Path binaries = Path.of(provisioned, "k8s", platform);
    for (String binary : List.of("kube-apiserver", "etcd", "kubectl")) {
      if (!Files.isExecutable(binaries.resolve(binary))) {
        throw new IllegalStateException(TEST_DIR_ENV + "=" + provisioned + " has no executable "
            + binaries.resolve(binary) + " (run ../shared/tools/kube-apiserver/provision.sh)");
      }
    }
    Path testDir = workDir.resolve("kubeapitest");
    Files.createDirectories(testDir.resolve("k8s"));
    Files.createSymbolicLink(testDir.resolve("k8s").resolve(platform), binaries);
    return builder.withTestDir(testDir.toString()).withOfflineMode(true).build();
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
      deleteRecursively(workDir);
    }
  }

  /** A client authenticated as a cluster admin (client certificate in group system:masters). */
  public KubernetesClient client() {
    return client;
  }

  /** The admin kubeconfig as a file, for kubectl. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The kubectl binary that matches the server. */
  public Path kubectlBinary() {
    return kubectl;
  }

  /** A scratch directory removed with the server. */
  public Path workDir() {
    return workDir;
  }

  /** The API server URL. */
  public String masterUrl() {
    return client.getConfiguration().getMasterUrl();
  }

  /**
   * Creates every CRD in {@code dir} and waits until the API server reports each Established and lists it in
   * discovery (which the API server updates only after Established; generic clients and kubectl resolve kinds
   * through discovery).
   */
  public List<CustomResourceDefinition> installCrds(Path dir) throws IOException {
    List<CustomResourceDefinition> installed = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
          installed.add(client.resource(crd).create());
        }
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
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(KubeApiServerSupport::isEstablished, 60, TimeUnit.SECONDS);
    }
    for (CustomResourceDefinition crd : crds) {
      String plural = crd.getSpec().getNames().getPlural();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        String groupVersion = crd.getSpec().getGroup() + "/" + version.getName();
        await(plural + " in the discovery of " + groupVersion).atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> client.getApiResources(groupVersion).getResources().stream()
                .anyMatch(resource -> plural.equals(resource.getName())));
      }
    }
  }

  public static boolean isEstablished(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** kubectl with another kubeconfig, e.g. one that authenticates as a service account. */
  public Kubectl kubectlWith(Path otherKubeconfig) {
    return new Kubectl(kubectl, otherKubeconfig);
  }

  /** Runs the kubectl that matches the server, as the admin, and waits for it. */
  public Kubectl.Result kubectl(String... args) {
    return new Kubectl(kubectl, kubeconfig).run(args);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
