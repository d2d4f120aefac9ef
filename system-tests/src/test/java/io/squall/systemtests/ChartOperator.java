package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.squall.local.FreePorts;
import io.squall.local.NatsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The packaged operator as the chart installs it, on a real kube-apiserver: the CRDs, the chart's ServiceAccount
 * and RBAC in the release namespace, a namespace for the user's resources, a real nats-server, and the operator
 * jar started with the chart Deployment's environment and only that ServiceAccount's token, ready; its log is
 * printed when a test fails. The chart's inquiry admission webhook (on by default) is installed too, called at
 * https://127.0.0.1:&lt;free port&gt;/inquiries/admit (the chart's URL override for an operator outside the cluster:
 * there is no Service routing here), unless the values turn it off.
 */
final class ChartOperator implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    static final String RELEASE_NAMESPACE = "squall-system";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final KubeApiServerSupport apiServer;
    private final String appNamespace;
    private final Map<String, Object> chartValues;
    private NatsServer nats;
    private OperatorServiceAccount account;
    private OperatorProcess process;
    private Map<String, String> env;

    /**
     * @param apiServer    registered before this extension (it must be running first)
     * @param chartValues  extra chart values (--set style), e.g. the sensors' namespaces
     */
    ChartOperator(KubeApiServerSupport apiServer, String appNamespace, Map<String, Object> chartValues) {
        this.apiServer = apiServer;
        this.appNamespace = appNamespace;
        this.chartValues = new HashMap<>(chartValues);
        if (!"false".equals(String.valueOf(chartValues.get("inquiries.admissionWebhook.enabled")))) {
            int port = FreePorts.next();
            this.chartValues.putIfAbsent("inquiries.admissionWebhook.port", port);
            this.chartValues.putIfAbsent(
                    "inquiries.admissionWebhook.url", "https://127.0.0.1:" + port + "/inquiries/admit");
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        apiServer.installCrds(SquallRepository.crds());
        apiServer
                .client()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(appNamespace)
                        .endMetadata()
                        .build())
                .create();
        account = OperatorServiceAccount.install(apiServer, RELEASE_NAMESPACE, chartValues);
        // the chart's webhook configuration, without caBundle: the operator writes it
        account.chart()
                .all(MutatingWebhookConfiguration.class)
                .forEach(w -> apiServer.client().resource(w).create());
        nats = NatsServer.start();
        env = OperatorProcess.containerEnvironment(
                account.chart().one(Deployment.class, "squall-operator"),
                account.chart().all(io.fabric8.kubernetes.api.model.Secret.class));
        env.put("SQUALL_NATS_URL", nats.url()); // the chart's default points at an in-cluster Service
        env.put("HOSTNAME", "squall-operator-0");
        start(apiServer.workDir());
    }

    private void start(Path logDir) throws Exception {
        process = OperatorProcess.start(SquallRepository.operatorJar(), env, account.kubeconfig(), logDir);
        await("operator /q/health/ready")
                .atMost(STARTUP)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(process.isAlive())
                            .as("operator process alive\n%s", process.tail(60))
                            .isTrue();
                    assertThat(process.httpStatus("/q/health/ready")).isEqualTo(200);
                });
    }

    /**
     * kill -9, then a new operator pod: another pod name (so it must wait for the dead one's Lease to expire, as a
     * replacement pod of the Deployment does), the same chart environment and ServiceAccount, its own log.
     */
    void killAndReplace(int generation) throws Exception {
        process.kill();
        env.put("HOSTNAME", "squall-operator-" + generation); // the leader-election identity: a new pod's name
        Path logDir = Files.createDirectories(apiServer.workDir().resolve("operator-" + generation));
        start(logDir);
    }

    /** Prints what the operator said when a test fails. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (process != null) {
            System.out.println(process.tail(80));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (process != null) {
                process.close();
            }
        } finally {
            if (nats != null) {
                nats.close();
            }
        }
    }

    NatsServer nats() {
        return nats;
    }

    OperatorServiceAccount account() {
        return account;
    }

    OperatorProcess process() {
        return process;
    }
}
