package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * The kubernetes runner's operation on one object, run in the runner Job with the Action's serviceAccountName token
 * (and nothing more). Every string may be a Jinja template over the parameters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubernetesActionSpec {
    public enum Operation {
        @JsonProperty("get")
        GET,
        @JsonProperty("apply")
        APPLY,
        @JsonProperty("patch")
        PATCH,
        @JsonProperty("scale")
        SCALE,
        @JsonProperty("delete")
        DELETE,
        @JsonProperty("wait")
        WAIT
    }

    public enum PatchType {
        @JsonProperty("merge")
        MERGE,
        @JsonProperty("json")
        JSON,
        @JsonProperty("strategic")
        STRATEGIC
    }

    @Required
    @JsonPropertyDescription(
            "get, apply (server-side apply of manifest), patch, scale (the scale subresource), delete, or wait (until waitFor holds).")
    public Operation operation;

    @JsonPropertyDescription("API version of the object, e.g. apps/v1 (apply: taken from the manifest).")
    public String apiVersion;

    @JsonPropertyDescription("Kind of the object, e.g. Deployment (apply: taken from the manifest).")
    public String kind;

    @JsonPropertyDescription("Name of the object (apply: taken from the manifest).")
    public String name;

    @JsonPropertyDescription(
            "Namespace of a namespaced object. Default: the manifest's, else the Execution's namespace.")
    public String namespace;

    @JsonPropertyDescription("apply: the object as YAML or JSON.")
    public String manifest;

    @JsonPropertyDescription("patch: the patch document (YAML or JSON).")
    public String patch;

    @JsonPropertyDescription("patch: merge (RFC 7386, default), json (RFC 6902) or strategic (built-in kinds only).")
    public PatchType patchType;

    @JsonPropertyDescription("scale: the replica count, e.g. \"{{ replicas }}\" or \"3\".")
    public String replicas;

    @JsonPropertyDescription(
            "wait: as kubectl wait --for: condition=Available (status True), condition=Ready=False, jsonpath={.status.readyReplicas}=3, or delete.")
    public String waitFor;

    @JsonPropertyDescription(
            "wait: seconds before giving up (the run fails). Default and at most: the action's timeout.")
    @Min(1)
    @Max(86400)
    public Integer waitSeconds;

    @JsonPropertyDescription("apply: the field manager. Default: squall.")
    public String fieldManager;

    @JsonPropertyDescription(
            "apply: take over fields other managers own (kubectl apply --server-side --force-conflicts). Default: false.")
    public Boolean forceConflicts;

    @JsonPropertyDescription("delete: succeed when the object does not exist. Default: false.")
    public Boolean ignoreNotFound;
}
