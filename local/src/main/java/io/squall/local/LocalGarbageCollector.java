package io.squall.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays Kubernetes' garbage collector, which runs in kube-controller-manager and so not beside a bare kube-apiserver:
 * an object whose owners (ownerReferences) are all gone is deleted (background propagation). Without it a deleted
 * Sensor would leave its Deployment, and so its local process, running. Looks at the kinds Squall's operator and the
 * local executors create (Deployment, Job, Pod, Secret, ConfigMap, Service, ServiceAccount, Ingress) every period.
 */
public final class LocalGarbageCollector implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalGarbageCollector.class.getName());
    private static final List<Class<? extends HasMetadata>> KINDS = List.of(
            Deployment.class,
            Job.class,
            Pod.class,
            Secret.class,
            ConfigMap.class,
            Service.class,
            ServiceAccount.class,
            Ingress.class);

    private final KubernetesClient client;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(LocalNode.daemon("local-gc"));

    public LocalGarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    public LocalGarbageCollector start(Duration period) {
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        collect();
                    } catch (KubernetesClientException e) {
                        LOG.log(Level.WARNING, "garbage collection pass failed: {0}", e.getMessage());
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** One pass; returns how many objects it deleted. */
    public int collect() {
        Map<String, Boolean> owners = new HashMap<>();
        int deleted = 0;
        for (Class<? extends HasMetadata> kind : KINDS) {
            for (HasMetadata object :
                    client.resources(kind).inAnyNamespace().list().getItems()) {
                List<OwnerReference> references = object.getMetadata().getOwnerReferences();
                if (references == null
                        || references.isEmpty()
                        || object.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                String namespace = object.getMetadata().getNamespace();
                boolean orphan = references.stream()
                        .noneMatch(ref ->
                                owners.computeIfAbsent(namespace + "/" + ref.getUid(), k -> exists(namespace, ref)));
                if (orphan) {
                    LOG.log(
                            Level.DEBUG,
                            "deleting {0} {1}/{2}: its owner is gone",
                            object.getKind(),
                            namespace,
                            object.getMetadata().getName());
                    client.resource(object)
                            .inNamespace(namespace)
                            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                            .delete();
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** Whether the owner exists with the referenced uid (a re-created owner of the same name is another object). */
    private boolean exists(String namespace, OwnerReference ref) {
        try {
            GenericKubernetesResource owner = client.genericKubernetesResources(ref.getApiVersion(), ref.getKind())
                    .inNamespace(namespace)
                    .withName(ref.getName())
                    .get();
            return owner != null && ref.getUid().equals(owner.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            // an owner kind the API server does not know (its CRD was deleted) owns nothing any more
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
