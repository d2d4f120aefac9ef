package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Every StackStorm criteria operator and alias, spelled as in StackStorm rules. */
public enum CriterionOperator {
    @JsonProperty("equals") EQUALS,
    @JsonProperty("eq") EQ,
    @JsonProperty("nequals") NEQUALS,
    @JsonProperty("neq") NEQ,
    @JsonProperty("iequals") IEQUALS,
    @JsonProperty("ieq") IEQ,
    @JsonProperty("contains") CONTAINS,
    @JsonProperty("ncontains") NCONTAINS,
    @JsonProperty("icontains") ICONTAINS,
    @JsonProperty("incontains") INCONTAINS,
    @JsonProperty("startswith") STARTSWITH,
    @JsonProperty("istartswith") ISTARTSWITH,
    @JsonProperty("endswith") ENDSWITH,
    @JsonProperty("iendswith") IENDSWITH,
    @JsonProperty("lessthan") LESSTHAN,
    @JsonProperty("lt") LT,
    @JsonProperty("greaterthan") GREATERTHAN,
    @JsonProperty("gt") GT,
    @JsonProperty("matchwildcard") MATCHWILDCARD,
    @JsonProperty("matchregex") MATCHREGEX,
    @JsonProperty("regex") REGEX,
    @JsonProperty("iregex") IREGEX,
    @JsonProperty("timediff_lt") TIMEDIFF_LT,
    @JsonProperty("td_lt") TD_LT,
    @JsonProperty("timediff_gt") TIMEDIFF_GT,
    @JsonProperty("td_gt") TD_GT,
    @JsonProperty("exists") EXISTS,
    @JsonProperty("nexists") NEXISTS,
    @JsonProperty("inside") INSIDE,
    @JsonProperty("in") IN,
    @JsonProperty("ninside") NINSIDE,
    @JsonProperty("nin") NIN,
    @JsonProperty("search") SEARCH
}
