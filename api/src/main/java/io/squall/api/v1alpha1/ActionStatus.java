package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Action status: validity conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionStatus extends SquallStatus {}
