package io.squall.operator.execution;

import static io.squall.operator.testsupport.Kube.apply;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.local.LocalJobExecutor;
import io.squall.operator.testsupport.Kube;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * End-to-end execution tests share this: the operator (in the @QuarkusTest subclass) on the Fabric8 mock API
 * server with a real nats-server, and one local Job executor per test class running the real runner jar.
 */
abstract class LocalExecutorTestBase {

    static LocalJobExecutor executor;

    @Inject
    KubernetesClient client;

    @Inject
    Connection nats;

    @BeforeEach
    void startExecutor() {
        if (executor == null) {
            executor = new LocalJobExecutor(client, 4).start();
        }
    }

    @AfterAll
    static void stopExecutor() {
        if (executor != null) {
            executor.close();
            executor = null;
        }
    }

    /** The Actions of packs/core, applied in the namespace as a user would (kubectl apply -f packs/core/). */
    void coreActions(String namespace) throws java.io.IOException {
        String all = java.nio.file.Files.readString(java.nio.file.Path.of("../packs/core/actions.yaml"));
        for (String document : all.split("\n---\n")) {
            if (document.contains("kind: Action")) {
                apply(
                        client,
                        document.replaceFirst(
                                "\nmetadata:\n  name: ([a-z-]+)\n",
                                "\nmetadata:\n  name: $1\n  namespace: " + namespace + "\n"),
                        Action.class);
            }
        }
    }

    Action action(String namespace, String name, String specYaml) {
        return apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Action\nmetadata: {name: " + name + ", namespace: " + namespace
                        + "}\nspec:\n" + specYaml,
                Action.class);
    }

    Execution execution(String namespace, String name, String action, String parameters) {
        return apply(
                client,
                "apiVersion: squall.io/v1alpha1\nkind: Execution\nmetadata: {name: " + name
                        + ", namespace: " + namespace + "}\nspec:\n  action: {name: " + action + "}\n  parameters: "
                        + parameters + "\n",
                Execution.class);
    }

    /** An Action named {@code <name>-action} and an Execution {@code <name>} of it. */
    Execution run(String namespace, String name, String actionSpecYaml, String parameters) {
        action(namespace, name + "-action", actionSpecYaml);
        return execution(namespace, name, name + "-action", parameters);
    }

    Execution get(String namespace, String name) {
        return Kube.get(client, Execution.class, namespace, name);
    }

    Execution awaitPhase(String namespace, String name, ExecutionPhase phase) {
        return await().atMost(Kube.WAIT)
                .until(
                        () -> get(namespace, name),
                        e -> e != null && e.getStatus() != null && e.getStatus().phase == phase);
    }

    /** Waits for a finished phase, and fails at once (with the status) if it is another one. */
    Execution awaitFinished(String namespace, String name, ExecutionPhase expected) {
        Execution done = await().atMost(Kube.WAIT)
                .until(() -> get(namespace, name), e -> e != null && ExecutionTransitions.isFinal(e.getStatus()));
        if (done.getStatus().phase != expected) {
            throw new AssertionError("Execution " + name + " ended " + done.getStatus().phase + ", expected " + expected
                    + "; status: " + Json.mapper().valueToTree(done.getStatus()) + "; runner output: "
                    + executor.log(namespace, done.getStatus().jobName));
        }
        return done;
    }

    List<Event> events(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing((Event e) -> e.getMetadata().getCreationTimestamp())
                        .thenComparing(e -> e.getMetadata().getName()))
                .toList();
    }

    List<String> eventReasons(String namespace, String name) {
        return events(namespace, name).stream().map(Event::getReason).toList();
    }

    /** The messages of the execution's Events with the reason. */
    List<String> eventMessages(String namespace, String name, String reason) {
        return events(namespace, name).stream()
                .filter(e -> reason.equals(e.getReason()))
                .map(Event::getMessage)
                .toList();
    }

    /**
     * Waits until the last result published for the execution is in SQUALL_RESULTS and the results consumer has
     * acknowledged it and everything before it (applied it, or found it changed nothing).
     */
    void awaitLastResultAcknowledged(String namespace, String name) {
        long sequence = await().atMost(Kube.WAIT)
                .ignoreExceptionsInstanceOf(JetStreamApiException.class)
                .until(
                        () -> nats.jetStreamManagement()
                                .getLastMessage(Subjects.RESULT_STREAM, Subjects.result(namespace, name))
                                .getSeq(),
                        seq -> seq > 0);
        await().atMost(Kube.WAIT)
                .until(() -> nats.jetStreamManagement()
                                .getConsumerInfo(Subjects.RESULT_STREAM, Subjects.RESULTS_CONSUMER)
                                .getAckFloor()
                                .getStreamSequence()
                        >= sequence);
    }

    /** The core.action.completed trigger of an execution, read back from SQUALL_TRIGGERS. */
    TriggerEvent completedTrigger(String namespace, String name) throws Exception {
        await().atMost(Kube.WAIT)
                .until(() -> Conditions.isTrue(get(namespace, name).getStatus(), Conditions.TRIGGER_PUBLISHED));
        var message = nats.jetStreamManagement()
                .getLastMessage(Subjects.TRIGGER_STREAM, Subjects.trigger(namespace, Subjects.ACTION_COMPLETED));
        return Json.fromBytes(message.getData(), TriggerEvent.class);
    }
}
