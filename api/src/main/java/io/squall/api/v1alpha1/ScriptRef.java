package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A script kept in a ConfigMap key of the Action's namespace. */
public class ScriptRef {
    @Required
    @Pattern(Names.NAME_PATTERN)
    @JsonPropertyDescription("Name of the ConfigMap.")
    public String configMap;

    @Required
    @JsonPropertyDescription("Key of the ConfigMap that holds the script.")
    public String key;
}
