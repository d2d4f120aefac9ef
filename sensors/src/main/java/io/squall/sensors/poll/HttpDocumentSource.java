package io.squall.sensors.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET url → JSON. Header values may name Secret keys as {@code ${secret:<key>}} (e.g.
 * {@code Authorization: Bearer ${secret:api-token}}), read on every poll so a rotated Secret applies.
 */
public final class HttpDocumentSource implements DocumentSource {
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9._-]+)}");

    private final URI url;
    private final Map<String, String> headers;
    private final Function<String, Optional<String>> secrets;
    private final Duration timeout;
    private final HttpClient client;

    public HttpDocumentSource(
            URI url, Map<String, String> headers, Function<String, Optional<String>> secrets, Duration timeout) {
        this.url = url;
        this.headers = headers;
        this.secrets = secrets;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public JsonNode fetch() throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).GET().timeout(timeout).header("Accept", "application/json");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request.header(header.getKey(), resolveSecrets(header.getKey(), header.getValue()));
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
            byte[] bytes = BoundedRead.readAll(body, BoundedRead.MAX_DOCUMENT_BYTES, "the response of GET " + url);
            return Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IOException("GET " + url + ": the response is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String resolveSecrets(String header, String value) throws IOException {
        Matcher matcher = SECRET_REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            String secret = secrets.apply(key)
                    .orElseThrow(() -> new IOException("poll.headers." + header + " names ${secret:" + key
                            + "}, but the Sensor's Secret has no key '" + key + "'"));
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(secret));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    @Override
    public String describe() {
        return "GET " + url;
    }
}
