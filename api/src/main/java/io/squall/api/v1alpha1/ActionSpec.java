package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One runnable unit, StackStorm's action metadata. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionSpec {
    @JsonPropertyDescription("What the action does.")
    public String description;

    @Required
    @JsonPropertyDescription(
            "How the action runs: shell (local-shell-cmd), script (local-shell-script), http (http-request), python (python-script), noop, kubernetes (an operation on a Kubernetes object with spec.serviceAccountName's token), kv (a datastore operation the operator runs itself, see packs/core), inquirer (core-ask) or trigger (core-inject-trigger: the operator publishes a trigger).")
    public RunnerType runner;

    @JsonPropertyDescription("shell runner: the command run with `bash -c`; a Jinja template over the parameters.")
    public String command;

    @JsonPropertyDescription(
            "script and python runners: the inline script. Parameters are passed positionally (`position`) and as --name=value (script) or as JSON on stdin (python).")
    public String script;

    @JsonPropertyDescription("script and python runners: take the script from a ConfigMap key instead of `script`.")
    public ScriptRef scriptRef;

    @JsonPropertyDescription(
            "python runner: the function called in the script, with the parameters as keyword arguments. Default: run.")
    public String entryPoint;

    @JsonPropertyDescription(
            "The StackStorm pack the action belongs to: python actions' datastore keys with local=True are '<pack>.<Class>:<name>', as in StackStorm.")
    public String pack;

    @JsonPropertyDescription(
            "python runner: the pack config, read for each attempt and given to the action as self.config.")
    public PackConfigRef packConfig;

    @JsonPropertyDescription(
            "python runner: pip requirements (requirements.txt lines) installed with `pip install --target` into the attempt's own directory before the action runs; needs a reachable pip index (or PIP_FIND_LINKS). Without one, use an image that has them (spec.image).")
    public List<String> requirements;

    @JsonPropertyDescription("http runner: the request.")
    public HttpSpec http;

    @JsonPropertyDescription("kubernetes runner: the operation and its object.")
    public KubernetesActionSpec kubernetes;

    @JsonPropertyDescription("kv runner: the datastore operation.")
    public KvActionSpec kv;

    @JsonPropertyDescription("Container image that runs the action; default: the chart's runner image.")
    public String image;

    @JsonPropertyDescription("Environment variables for the command (values may be Jinja templates).")
    public Map<String, String> env;

    @JsonPropertyDescription("Working directory of the command.")
    public String cwd;

    @JsonPropertyDescription("Compute resources of the runner container.")
    public ResourceRequirements resources;

    @JsonPropertyDescription("Service account the runner pod uses; without it the pod gets no API token.")
    @Pattern(Names.NAME_PATTERN)
    public String serviceAccountName;

    @JsonPropertyDescription("Parameters the action accepts, by name.")
    public Map<String, ParameterSpec> parameters = new LinkedHashMap<>();

    @JsonPropertyDescription("Seconds before the run is killed and ends TimedOut. Default: 60 (600 for python).")
    @Min(1)
    @Max(86400)
    public Integer timeout;

    @JsonPropertyDescription("Retry policy.")
    public RetrySpec retry;

    @JsonPropertyDescription("Concurrency policy.")
    public ConcurrencySpec concurrency;

    @JsonPropertyDescription("A disabled action cannot be run. Default: true.")
    public Boolean enabled;
}
