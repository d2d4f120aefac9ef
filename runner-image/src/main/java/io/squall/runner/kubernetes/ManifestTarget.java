package io.squall.runner.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.api.v1alpha1.KubernetesActionSpec;
import io.squall.runner.ActionConfigException;

/**
 * apply's object: the manifest (YAML or JSON) names apiVersion, kind and name; the Action's fields of the same names,
 * when set, must agree (a template that rendered something else is a mistake, not an override).
 */
record ManifestTarget(GenericKubernetesResource object, KubernetesTarget target) {

    static ManifestTarget resolve(KubernetesClient client, KubernetesActionSpec spec, String executionNamespace)
            throws ActionConfigException {
        String field = "action.kubernetes.manifest";
        if (spec.manifest == null || spec.manifest.isBlank()) {
            throw new ActionConfigException(field, "is required by operation apply");
        }
        GenericKubernetesResource object;
        try {
            object = client.getKubernetesSerialization().unmarshal(spec.manifest, GenericKubernetesResource.class);
        } catch (RuntimeException e) {
            throw new ActionConfigException(
                    field, "is not one Kubernetes object in YAML or JSON: " + e.getMessage(), e);
        }
        if (object == null || object.getMetadata() == null) {
            throw new ActionConfigException(field, "has no metadata (metadata.name is required)");
        }
        String apiVersion = agree("apiVersion", object.getApiVersion(), spec.apiVersion);
        String kind = agree("kind", object.getKind(), spec.kind);
        String name = agree("name", object.getMetadata().getName(), spec.name);
        String namespace = object.getMetadata().getNamespace();
        if (namespace != null
                && spec.namespace != null
                && !spec.namespace.isBlank()
                && !namespace.equals(spec.namespace)) {
            throw new ActionConfigException(
                    "action.kubernetes.namespace",
                    "'" + spec.namespace + "' disagrees with the " + "manifest's metadata.namespace '" + namespace
                            + "'");
        }
        if (namespace == null) {
            namespace = spec.namespace == null || spec.namespace.isBlank() ? executionNamespace : spec.namespace;
        }
        KubernetesTarget target = KubernetesTarget.resolve(client, apiVersion, kind, name, namespace);
        if (target.namespace() != null) {
            object.getMetadata().setNamespace(target.namespace());
        }
        return new ManifestTarget(object, target);
    }

    private static String agree(String what, String inManifest, String inAction) throws ActionConfigException {
        if (inManifest == null || inManifest.isBlank()) {
            throw new ActionConfigException(
                    "action.kubernetes.manifest", "has no " + (what.equals("name") ? "metadata.name" : what));
        }
        if (inAction != null && !inAction.isBlank() && !inAction.equals(inManifest)) {
            throw new ActionConfigException(
                    "action.kubernetes." + what,
                    "'" + inAction + "' disagrees with the " + "manifest's '" + inManifest + "'");
        }
        return inManifest;
    }
}
