package io.squall.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What both local executors write for the pods they play, as the controllers and the kubelet do: the pod object of
 * an owner's template, container statuses, and status edits that leave alone an object deleted meanwhile (the
 * executors race with whoever deletes a Job, a Deployment or a pod).
 */
final class PodObjects {

    private PodObjects() {}

    /**
     * The pod {@code podName} of {@code template}: its labels plus {@code extraLabels}, its annotations and spec,
     * controlled by {@code owner} ({@code ownerApiVersion}/{@code ownerKind}). Not created: no status is set.
     */
    static Pod fromTemplate(
            HasMetadata owner,
            String ownerApiVersion,
            String ownerKind,
            PodTemplateSpec template,
            String podName,
            Map<String, String> extraLabels) {
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.putAll(extraLabels);
        return new PodBuilder()
                .withNewMetadata()
                .withName(podName)
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(ownerApiVersion)
                        .withKind(ownerKind)
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }

    /** A container status of {@code container} (name, image), to which the caller adds its state. */
    static ContainerStatusBuilder containerStatus(Container container, boolean ready, boolean started) {
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withReady(ready)
                .withStarted(started);
    }

    /** Changes the pod's status (an empty one when it has none yet); nothing when the pod is gone. */
    static void editPodStatus(
            KubernetesClient client, String namespace, String podName, UnaryOperator<PodStatus> change) {
        editStatusUnlessGone(client.pods().inNamespace(namespace).withName(podName), p -> {
            p.setStatus(change.apply(p.getStatus() == null ? new PodStatus() : p.getStatus()));
            return p;
        });
    }

    /** Writes the status subresource as {@code edit} makes it; nothing when the object was deleted meanwhile (404). */
    static <T extends HasMetadata> void editStatusUnlessGone(Resource<T> resource, UnaryOperator<T> edit) {
        try {
            resource.editStatus(edit);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
