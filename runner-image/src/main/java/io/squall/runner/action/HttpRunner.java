package io.squall.runner.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult.Outcome;
import io.squall.api.v1alpha1.HttpSpec;
import io.squall.runner.ActionConfigException;
import io.squall.runner.ActionOutcome;
import io.squall.runner.RunContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * StackStorm http-request (core.http) with java.net.http: method (default GET), url + query
 * {@code params}, headers, body, the action timeout, no redirects (st2's allow_redirects=false), TLS
 * verification unless {@code verifyTls: false}. Result {@code {status_code, body, parsed, headers}}, body
 * parsed when the response is JSON; succeeded iff the status is 2xx.
 */
public final class HttpRunner implements ActionRunner {

    @Override
    public ActionOutcome run(ExecutionRequest request, RunContext context)
            throws ActionConfigException, InterruptedException {
        HttpSpec http = request.action().http;
        if (http == null) {
            throw new ActionConfigException("action.http", "is required by the http runner");
        }
        HttpSpec.Method method = http.method == null ? HttpSpec.Method.GET : http.method;
        HttpRequest httpRequest = buildRequest(http, method, context);
        HttpClient client = buildClient(http, context);
        String target = method + " " + httpRequest.uri();

        CompletableFuture<HttpResponse<BoundedBody.Bytes>> response =
                client.sendAsync(httpRequest, BoundedBody.handler(context.outputLimitBytes()));
        context.cancellation().onCancel(() -> response.cancel(true));
        try {
            return outcome(response.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS), target);
        } catch (TimeoutException e) {
            response.cancel(true);
            return timedOut(context);
        } catch (CancellationException e) {
            return failure(Outcome.canceled, "the execution was canceled");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return timedOut(context);
            }
            return failure(Outcome.failed, target + " failed: " + e.getCause());
        } finally {
            context.cancellation().clear();
        }
    }

    private static HttpRequest buildRequest(HttpSpec http, HttpSpec.Method method, RunContext context)
            throws ActionConfigException {
        if (http.url == null || http.url.isBlank()) {
            throw new ActionConfigException("action.http.url", "is required by the http runner");
        }
        URI uri;
        try {
            uri = URI.create(withQuery(http.url, http.params));
        } catch (IllegalArgumentException e) {
            throw new ActionConfigException("action.http.url", "is not a valid URL: " + e.getMessage(), e);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new ActionConfigException(
                    "action.http.url", "must be an http:// or https:// URL, got '" + http.url + "'");
        }
        Map<String, String> headers = http.headers == null ? Map.of() : http.headers;
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(context.timeout());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                builder.header(header.getKey(), header.getValue() == null ? "" : header.getValue());
            } catch (IllegalArgumentException e) {
                throw new ActionConfigException(
                        "action.http.headers." + header.getKey(), "cannot be sent: " + e.getMessage(), e);
            }
        }
        if (http.body != null && !hasHeader(headers, "Content-Type")) {
            boolean json = JsonText.tryParse(http.body).isPresent();
            builder.header("Content-Type", json ? "application/json" : "text/plain; charset=utf-8");
        }
        if (http.accept != null && !hasHeader(headers, "Accept")) {
            builder.header("Accept", http.accept);
        }
        HttpRequest.BodyPublisher body = http.body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(http.body, StandardCharsets.UTF_8);
        return builder.method(method.name(), body).build();
    }

    private static HttpClient buildClient(HttpSpec http, RunContext context) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(context.timeout());
        if (Boolean.FALSE.equals(http.verifyTls)) {
            builder.sslContext(trustAllContext());
        }
        return builder.build();
    }

    private static SSLContext trustAllContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new TrustAllCertificates()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context without certificate checks", e);
        }
    }

    static String withQuery(String url, Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return url;
        }
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            query.append(query.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
        });
        int fragment = url.indexOf('#');
        String base = fragment < 0 ? url : url.substring(0, fragment);
        String tail = fragment < 0 ? "" : url.substring(fragment);
        return base + (base.contains("?") ? "&" : "?") + query + tail;
    }

    private static ActionOutcome outcome(HttpResponse<BoundedBody.Bytes> response, String target) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("status_code", response.statusCode());
        BoundedBody.Bytes bytes = response.body();
        String text = new String(bytes.kept(), charsetOf(response.headers()));
        boolean json = isJson(response.headers()) && bytes.droppedBytes() == 0;
        Optional<JsonNode> parsedBody = json ? JsonText.tryParse(text) : Optional.empty();
        result.set("body", parsedBody.orElseGet(() -> result.textNode(text)));
        result.put("parsed", parsedBody.isPresent());
        if (bytes.droppedBytes() > 0) {
            result.put("body_truncated_bytes", bytes.droppedBytes());
        }
        ObjectNode headers = result.putObject("headers");
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return ActionOutcome.succeeded(result);
        }
        return new ActionOutcome(Outcome.failed, result, target + " returned HTTP " + status);
    }

    private static boolean isJson(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase();
        String mediaType = type.split(";", 2)[0].strip();
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static Charset charsetOf(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("");
        for (String part : type.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8; // unknown charset: UTF-8 is the best guess
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static ActionOutcome timedOut(RunContext context) {
        return failure(Outcome.timedout, ShellResult.timedOutMessage(context.timeout()));
    }

    private static ActionOutcome failure(Outcome outcome, String error) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("error", error);
        return new ActionOutcome(outcome, result, error);
    }

    private static boolean hasHeader(Map<String, String> headers, String name) {
        return headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }
}
