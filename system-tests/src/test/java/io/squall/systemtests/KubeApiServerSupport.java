package io.squall.systemtests;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.local.LocalApiServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * squall-local's {@link LocalApiServer} (a real kube-apiserver + etcd, binaries from
 * {@value LocalApiServer#BINARIES_ENV} or downloaded) for one test class, with the kubectl these
 * tests run.
 *
 * <pre>{@code @RegisterExtension static final KubeApiServerSupport apiServer = new KubeApiServerSupport();}</pre>
 */
public final class KubeApiServerSupport implements BeforeAllCallback, AfterAllCallback {

    private LocalApiServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = LocalApiServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    /** A client authenticated as a cluster admin (client certificate in group system:masters). */
    public KubernetesClient client() {
        return server.client();
    }

    /** The admin kubeconfig as a file, for kubectl. */
    public Path kubeconfig() {
        return server.kubeconfig();
    }

    /** The kubectl binary that matches the server. */
    public Path kubectlBinary() {
        return server.kubectl();
    }

    /** A scratch directory removed with the server. */
    public Path workDir() {
        return server.workDir();
    }

    /** The API server URL. */
    public String masterUrl() {
        return server.url();
    }

    /** Creates every CRD in {@code dir} and waits until each is served ({@link LocalApiServer#awaitServed}). */
    public List<CustomResourceDefinition> installCrds(Path dir) throws IOException {
        return server.installCrds(dir);
    }

    /** Waits until each CRD is Established and in discovery ({@link LocalApiServer#awaitServed}). */
    public void awaitServed(List<CustomResourceDefinition> crds) {
        server.awaitServed(crds);
    }

    /** kubectl with another kubeconfig, e.g. one that authenticates as a service account. */
    public Kubectl kubectlWith(Path otherKubeconfig) {
        return new Kubectl(server.kubectl(), otherKubeconfig);
    }

    /** Runs the kubectl that matches the server, as the admin, and waits for it. */
    public Kubectl.Result kubectl(String... args) {
        return new Kubectl(server.kubectl(), server.kubeconfig()).run(args);
    }
}
