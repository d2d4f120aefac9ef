package io.squall.runner.kubernetes;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.squall.runner.ActionConfigException;
import java.util.List;

/**
 * One object the action works on, its kind resolved through API discovery (any kind the server serves, custom
 * resources included), so a misspelt kind fails naming what the group version does serve.
 *
 * @param namespace null for a cluster-scoped kind
 */
public record KubernetesTarget(
        String apiVersion,
        String kind,
        String plural,
        String namespace,
        String name,
        ResourceDefinitionContext definition) {

    public static KubernetesTarget resolve(
            KubernetesClient client, String apiVersion, String kind, String name, String namespace)
            throws ActionConfigException {
        require("action.kubernetes.apiVersion", apiVersion);
        require("action.kubernetes.kind", kind);
        require("action.kubernetes.name", name);
        APIResourceList served;
        try {
            served = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            throw new ActionConfigException(
                    "action.kubernetes.apiVersion",
                    "'" + apiVersion + "' could not be looked up: " + KubernetesFailure.message(e),
                    e);
        }
        if (served == null) {
            throw new ActionConfigException(
                    "action.kubernetes.apiVersion", "'" + apiVersion + "' is not served by the API server");
        }
        List<APIResource> kinds = served.getResources().stream()
                .filter(r -> !r.getName().contains("/"))
                .toList();
        APIResource resource = kinds.stream()
                .filter(r -> r.getKind().equals(kind))
                .findFirst()
                .orElseThrow(() -> new ActionConfigException(
                        "action.kubernetes.kind",
                        "'" + kind + "' is not served by "
                                + apiVersion + " (it serves "
                                + kinds.stream()
                                        .map(APIResource::getKind)
                                        .distinct()
                                        .sorted()
                                        .toList()
                                + ")"));
        int slash = apiVersion.indexOf('/');
        ResourceDefinitionContext definition = new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
                .withKind(kind)
                .withPlural(resource.getName())
                .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced()))
                .build();
        String scopedNamespace = Boolean.TRUE.equals(resource.getNamespaced()) ? namespace : null;
        return new KubernetesTarget(apiVersion, kind, resource.getName(), scopedNamespace, name, definition);
    }

    private static void require(String field, String value) throws ActionConfigException {
        if (value == null || value.isBlank()) {
            throw new ActionConfigException(field, "is required");
        }
    }

    public MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            kinds(KubernetesClient client) {
        return client.genericKubernetesResources(definition);
    }

    public Resource<GenericKubernetesResource> resource(KubernetesClient client) {
        var kinds = kinds(client);
        return namespace == null
                ? kinds.withName(name)
                : kinds.inNamespace(namespace).withName(name);
    }

    /** kind namespace/name, as messages name the object. */
    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
