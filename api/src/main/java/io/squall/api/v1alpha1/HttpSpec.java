package io.squall.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The http runner's request (StackStorm http-request). Every string may be a Jinja template over the parameters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpSpec {
    public enum Method {
        GET,
        POST,
        PUT,
        PATCH,
        DELETE,
        HEAD,
        OPTIONS
    }

    @Required
    @JsonPropertyDescription("The URL to call, e.g. `https://chat.example.com/hooks/{{ channel }}`.")
    public String url;

    @JsonPropertyDescription("HTTP method. Default: GET.")
    public Method method;

    @JsonPropertyDescription("Request headers.")
    public Map<String, String> headers;

    @JsonPropertyDescription("Query parameters appended to the URL.")
    public Map<String, String> params;

    @JsonPropertyDescription("Request body (sent as is; JSON when it parses as JSON).")
    public String body;

    @JsonPropertyDescription("Verify the server's TLS certificate. Default: true.")
    public Boolean verifyTls;

    @JsonPropertyDescription("Expected result content type hint, e.g. application/json.")
    @Pattern("^[\\w.+-]+/[\\w.+-]+$")
    public String accept;
}
