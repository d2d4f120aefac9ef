package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * Where an Action's pack config (StackStorm's config.yaml, a python action's {@code self.config}) is kept: a
 * ConfigMap of the plain keys and a Secret of the secret ones, in the Execution's namespace (what
 * {@code squall pack import} writes as PACK-config).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PackConfigRef {
    @Pattern(Names.NAME_PATTERN)
    @JsonPropertyDescription(
            "ConfigMap whose keys are config keys. A value that reads as JSON (a number, true, false, null, a list, an object or a quoted \"string\") is that JSON; anything else is text.")
    public String configMap;

    @Pattern(Names.NAME_PATTERN)
    @JsonPropertyDescription(
            "Secret of the secret config keys, read the same way; its values are masked in the action's output and result.")
    public String secret;
}
