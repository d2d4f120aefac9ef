package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may answer an inquiry, on a real kube-apiserver that calls the packaged operator's admission webhook (the
 * chart's MutatingWebhookConfiguration with its URL override, caBundle written by the operator): service accounts
 * that RBAC all lets patch Executions answer with the real kubectl, and only those the inquiry's users and roles
 * name get through; the result says who answered; a response written around the webhook is not taken.
 */
class InquiryRespondersOnRealApiServerTest {

    private static final String APPS = "inquiries";
    private static final String ALICE = "system:serviceaccount:" + APPS + ":alice";
    private static final String BOB = "system:serviceaccount:" + APPS + ":bob";
    private static final Duration RUN = Duration.ofMinutes(2);

    @RegisterExtension
    @Order(1)
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    @RegisterExtension
    @Order(2)
    static final ChartOperator chart = new ChartOperator(apiServer, APPS, Map.of());

    private static final Map<String, Kubectl> kubectlAs = new HashMap<>();

    @BeforeAll
    static void respondersAndTheCoreActions() throws IOException {
        apiServer
                .kubectl(
                        "apply",
                        "-n",
                        APPS,
                        "-f",
                        SquallRepository.packs().resolve("core").toString())
                .requireSuccess();
        // the same RBAC for all: get and patch Executions in the namespace
        admin().resource(new RoleBuilder()
                        .withNewMetadata()
                        .withName("answer-inquiries")
                        .withNamespace(APPS)
                        .endMetadata()
                        .addNewRule()
                        .withApiGroups("squall.io")
                        .withResources("executions")
                        .withVerbs("get", "list", "patch")
                        .endRule()
                        .build())
                .create();
        for (String name : List.of("alice", "bob", "carol")) {
            admin().resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace(APPS)
                            .endMetadata()
                            .build())
                    .create();
            admin().resource(new RoleBindingBuilder()
                            .withNewMetadata()
                            .withName("answer-inquiries-" + name)
                            .withNamespace(APPS)
                            .endMetadata()
                            .withNewRoleRef()
                            .withApiGroup("rbac.authorization.k8s.io")
                            .withKind("Role")
                            .withName("answer-inquiries")
                            .endRoleRef()
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName(name)
                            .withNamespace(APPS)
                            .endSubject()
                            .build())
                    .create();
            String token = admin().serviceAccounts()
                    .inNamespace(APPS)
                    .withName(name)
                    .tokenRequest(new TokenRequestBuilder()
                            .withNewSpec()
                            .withExpirationSeconds(3600L)
                            .endSpec()
                            .build())
                    .getStatus()
                    .getToken();
            Path kubeconfig = Files.writeString(
                    Files.createDirectories(apiServer.workDir().resolve(name)).resolve("kubeconfig"),
                    OperatorServiceAccount.kubeconfigWithToken(apiServer, APPS, token));
            kubectlAs.put(name, apiServer.kubectlWith(kubeconfig));
            SubjectAccessReview review = new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser("system:serviceaccount:" + APPS + ":" + name)
                    .withNewResourceAttributes()
                    .withGroup("squall.io")
                    .withResource("executions")
                    .withVerb("patch")
                    .withNamespace(APPS)
                    .endResourceAttributes()
                    .endSpec()
                    .build();
            await("RBAC in effect for " + name)
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> admin().resource(review).create().getStatus().getAllowed());
        }
    }

    @Test
    void onlyAUserTheInquiryNamesMayAnswerAndTheResultSaysWho() throws IOException {
        ask("ask-alice", "users: [\"" + ALICE + "\"]");

        Kubectl.Result bob = answer("bob", "ask-alice");
        assertThat(bob.exitCode()).as("bob's kubectl: %s", bob.stdout()).isNotZero();
        assertThat(bob.stderr())
                .contains(
                        "admission webhook \"inquiries.squall.io\" denied the request",
                        "user \"" + BOB + "\"",
                        "one of users [" + ALICE + "]");
        Execution refused = execution("ask-alice");
        assertThat(refused.getSpec().response)
                .as("the API server did not store bob's answer")
                .isNull();
        assertThat(refused.getStatus().phase).isEqualTo(ExecutionPhase.Pending);

        answer("alice", "ask-alice").requireSuccess();
        Execution answered = awaitFinished("ask-alice");
        assertThat(answered.getStatus().phase)
                .as("%s", answered.getStatus().error)
                .isEqualTo(ExecutionPhase.Succeeded);
        assertThat(answered.getStatus().result.get("responded_by").asText()).isEqualTo(ALICE);
        assertThat(answered.getStatus().result.at("/response/continue").asBoolean())
                .isTrue();
        assertThat(answered.getMetadata().getAnnotations()).containsEntry("squall.io/responded-by", ALICE);
        assertThat(admin().v1().events().inNamespace(APPS).list().getItems())
                .filteredOn(e -> "ask-alice".equals(e.getInvolvedObject().getName()))
                .extracting(e -> e.getMessage())
                .anyMatch(m -> m.contains("the inquiry was answered by " + ALICE));
    }

    @Test
    void aRoleIsAGroupOfTheUser() throws IOException {
        ask("ask-team", "roles: [\"system:serviceaccounts:" + APPS + "\"]");

        // the cluster admin (group system:masters) is not in the role
        Kubectl.Result admin = apiServer.kubectl(
                "patch",
                "execution",
                "ask-team",
                "-n",
                APPS,
                "--type",
                "merge",
                "-p",
                "{\"spec\":{\"response\":{\"continue\":true}}}");
        assertThat(admin.exitCode()).isNotZero();
        assertThat(admin.stderr()).contains("in one of roles (groups) [system:serviceaccounts:" + APPS + "]");
        assertThat(execution("ask-team").getStatus().phase).isEqualTo(ExecutionPhase.Pending);

        answer("carol", "ask-team").requireSuccess();
        Execution answered = awaitFinished("ask-team");
        assertThat(answered.getStatus().phase)
                .as("%s", answered.getStatus().error)
                .isEqualTo(ExecutionPhase.Succeeded);
        assertThat(answered.getStatus().result.get("responded_by").asText())
                .isEqualTo("system:serviceaccount:" + APPS + ":carol");
    }

    @Test
    void aResponseWrittenAroundTheWebhookIsNotTaken() throws IOException {
        ask("ask-around", "users: [\"" + ALICE + "\"]");

        // without the label the API server does not call the webhook; a stamp of one's own does not verify
        apiServer
                .kubectl("label", "execution", "ask-around", "-n", APPS, "squall.io/inquiry-")
                .requireSuccess();
        apiServer
                .kubectl(
                        "annotate",
                        "execution",
                        "ask-around",
                        "-n",
                        APPS,
                        "squall.io/responded-by=" + ALICE,
                        "squall.io/response-stamp=made-up")
                .requireSuccess();
        apiServer
                .kubectl(
                        "patch",
                        "execution",
                        "ask-around",
                        "-n",
                        APPS,
                        "--type",
                        "merge",
                        "-p",
                        "{\"spec\":{\"response\":{\"continue\":true}}}")
                .requireSuccess();

        await("the response refused")
                .atMost(RUN)
                .untilAsserted(() -> assertThat(execution("ask-around").getStatus().conditions)
                        .anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo("ResponseAccepted");
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getMessage()).contains("did not come through the inquiry admission webhook");
                        }));
        assertThat(execution("ask-around").getStatus().phase).isEqualTo(ExecutionPhase.Pending);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static KubernetesClient admin() {
        return apiServer.client();
    }

    /** An inquiry (core-ask) as a user creates it, Pending and labelled for the webhook. */
    private static void ask(String name, String who) throws IOException {
        Path file = apiServer.workDir().resolve(name + ".yaml");
        Files.writeString(file, """
            apiVersion: squall.io/v1alpha1
            kind: Execution
            metadata: {name: %s}
            spec:
              action: {name: core-ask}
              parameters: {route: ops, %s}
            """.formatted(name, who));
        apiServer.kubectl("create", "-n", APPS, "-f", file.toString()).requireSuccess();
        await(name + " Pending").atMost(RUN).until(() -> {
            Execution e = execution(name);
            return e.getStatus() != null
                    && e.getStatus().phase == ExecutionPhase.Pending
                    && "true".equals(e.getMetadata().getLabels().get("squall.io/inquiry"));
        });
    }

    /** The README's answer, as {@code who} (their ServiceAccount token). */
    private static Kubectl.Result answer(String who, String name) {
        return kubectlAs
                .get(who)
                .run(
                        "patch",
                        "execution",
                        name,
                        "-n",
                        APPS,
                        "--type",
                        "merge",
                        "-p",
                        "{\"spec\":{\"response\":{\"continue\":true}}}");
    }

    private static Execution execution(String name) {
        return admin().resources(Execution.class)
                .inNamespace(APPS)
                .withName(name)
                .get();
    }

    private static Execution awaitFinished(String name) {
        return await("Execution " + name + " finished")
                .atMost(RUN)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> execution(name),
                        e -> e.getStatus() != null
                                && e.getStatus().phase != null
                                && e.getStatus().phase.isFinal());
    }
}
