package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON-schema types an action parameter can declare. */
public enum ParameterType {
    @JsonProperty("string")
    STRING,
    @JsonProperty("integer")
    INTEGER,
    @JsonProperty("number")
    NUMBER,
    @JsonProperty("boolean")
    BOOLEAN,
    @JsonProperty("array")
    ARRAY,
    @JsonProperty("object")
    OBJECT
}
