package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.squall.local.NatsServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The packaged operator as the chart installs it, on a real kube-apiserver: the CRDs, the chart's ServiceAccount
 * and RBAC in the release namespace, a namespace for the user's resources, a real nats-server, and the operator
 * jar started with the chart Deployment's environment and only that ServiceAccount's token, ready.
 */
final class ChartOperator implements AutoCloseable {

  static final String RELEASE_NAMESPACE = "squall-system";
  private static final Duration STARTUP = Duration.ofMinutes(3);

  private final NatsServer nats;
  private final OperatorServiceAccount account;
  private final OperatorProcess process;

  private ChartOperator(NatsServer nats, OperatorServiceAccount account, OperatorProcess process) {
    this.nats = nats;
    this.account = account;
    this.process = process;
  }

  /** @param chartValues extra chart values (--set style), e.g. the sensors' namespaces */
  static ChartOperator start(KubeApiServerSupport apiServer, String appNamespace, Map<String, Object> chartValues)
      throws Exception {
    apiServer.installCrds(SquallRepository.crds());
    apiServer.client().resource(new NamespaceBuilder().withNewMetadata().withName(appNamespace).endMetadata().build())
        .create();
    OperatorServiceAccount account = OperatorServiceAccount.install(apiServer, RELEASE_NAMESPACE, chartValues);
    NatsServer nats = NatsServer.start();
    OperatorProcess process = null;
    try {
      Map<String, String> env =
          OperatorProcess.containerEnvironment(account.chart().one(Deployment.class, "squall-operator"));
      env.put("SQUALL_NATS_URL", nats.url()); // the chart's default points at an in-cluster Service
      process = OperatorProcess.start(SquallRepository.operatorJar(), env, account.kubeconfig(), apiServer.workDir());
      ChartOperator operator = new ChartOperator(nats, account, process);
      operator.awaitReady();
      return operator;
    } catch (Exception | AssertionError e) {
      if (process != null) {
        System.out.println(process.tail(80));
        process.close();
      }
      nats.close();
      throw e;
    }
  }

  private void awaitReady() {
    await("operator /q/health/ready").atMost(STARTUP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(process.isAlive()).as("operator process alive\n%s", process.tail(60)).isTrue();
      assertThat(process.httpStatus("/q/health/ready")).isEqualTo(200);
    });
  }

  /** A watcher that prints the operator's last log lines when a test fails. */
  static TestWatcher printsLogOnFailure(Supplier<ChartOperator> operator) {
    return new TestWatcher() {
      @Override
      public void testFailed(ExtensionContext context, Throwable cause) {
        if (operator.get() != null) {
          System.out.println(operator.get().process().tail(80));
        }
      }
    };
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

  @Override
  public void close() throws InterruptedException {
    try {
      process.close();
    } finally {
      nats.close();
    }
  }
}
