package io.squall.sensors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.WebhookConfig;
import io.squall.local.NatsServer;
import io.squall.sensors.sdk.Sensor;
import io.squall.sensors.sdk.SensorContext;
import io.squall.sensors.testing.TriggerStore;
import io.squall.sensors.testing.TriggerStore.StoredTrigger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook endpoint on a plain Vert.x server, publishing to a real nats-server. */
class WebhookHandlerTest {
    private static final String TOKEN = "s3cret-token";
    private static final String HMAC_KEY = "hmac-k3y";

    @TempDir
    static Path secrets;

    static NatsServer nats;
    static Sensor sensor;
    static Vertx vertx;
    static HttpServer server;
    // most webhook senders speak HTTP/1.1 (original header case); h2c is tested on its own
    static HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    static HttpClient http2 = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        TriggerStore.create(nats);
        Files.writeString(secrets.resolve("token"), TOKEN + "\n");
        Files.writeString(secrets.resolve("hmac-key"), HMAC_KEY);
        SensorContext context = SensorContext.from(Map.of(
                SensorContext.SENSOR_NAME, "github",
                SensorContext.SENSOR_NAMESPACE, "team-a",
                SensorContext.SENSOR_TYPE, "webhook",
                SensorContext.NATS_URL, nats.url(),
                SensorContext.SECRET_DIR, secrets.toString()));
        sensor = Sensor.connect(context);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        handler(context, config(null, WebhookConfig.Auth.TOKEN, null)).mount(router);
        handler(context, config("signed", WebhookConfig.Auth.HMAC, null)).mount(router);
        handler(context, config("open/hook", WebhookConfig.Auth.NONE, 1024)).mount(router);
        handler(context, config("roomy", WebhookConfig.Auth.NONE, 4 << 20)).mount(router);
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get();
    }

    private static WebhookConfig config(String path, WebhookConfig.Auth auth, Integer maxBodyBytes) {
        WebhookConfig config = new WebhookConfig();
        config.path = path;
        config.auth = auth;
        config.maxBodyBytes = maxBodyBytes;
        return config;
    }

    private static WebhookHandler handler(SensorContext context, WebhookConfig config) {
        WebhookSettings settings = WebhookSettings.from(config, context.name());
        return new WebhookHandler(
                settings, WebhookAuth.of(settings.auth(), context), sensor, context.namespace(), context.name());
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        if (sensor != null) {
            sensor.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    private static HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(20));
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String acceptedId(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.mapper().readTree(response.body()).get("id").asText();
    }

    private static StoredTrigger stored(String id) throws Exception {
        return TriggerStore.read(nats).stream()
                .filter(t -> t.event().id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("trigger " + id + " is not in the stream"));
    }

    @Test
    void acceptedPostIsStoredWithStackStormPayloadAndMsgId() throws Exception {
        HttpResponse<String> response = send(post("/github")
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-Squall-Trace-Tag", "deploy-42")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ref\":\"refs/heads/main\",\"commits\":[1,2]}"))
                .build());
        String id = acceptedId(response);

        StoredTrigger trigger = stored(id);
        assertThat(trigger.msgId()).isEqualTo(id);
        assertThat(trigger.subject()).isEqualTo("squall.trigger.team-a.core.webhook");
        assertThat(trigger.event().type()).isEqualTo("core.webhook");
        assertThat(trigger.event().namespace()).isEqualTo("team-a");
        assertThat(trigger.event().traceTag()).isEqualTo("deploy-42");
        assertThat(trigger.event().source()).isEqualTo("sensor/github");
        JsonNode payload = trigger.event().payload();
        assertThat(payload.get("body"))
                .isEqualTo(Json.mapper().readTree("{\"ref\":\"refs/heads/main\",\"commits\":[1,2]}"));
        assertThat(payload.at("/headers/X-GitHub-Event").asText()).isEqualTo("push");
        assertThat(payload.at("/headers_lower/x-github-event").asText()).isEqualTo("push");
        assertThat(payload.at("/headers_lower/content-type").asText()).isEqualTo("application/json");
        // the credential is never part of the stored payload
        assertThat(payload.get("headers_lower").has("authorization")).isFalse();
        assertThat(payload.toString()).doesNotContain(TOKEN);
    }

    @Test
    void http2RequestIsAcceptedToo() throws Exception {
        HttpResponse<String> response = http2.send(
                post("/github")
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("X-Custom", "v")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = acceptedId(response);
        assertThat(stored(id).event().payload().at("/headers_lower/x-custom").asText())
                .isEqualTo("v");
    }

    @Test
    void eachRequestIsItsOwnTrigger() throws Exception {
        String first = acceptedId(send(post("/github")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("[1]"))
                .build()));
        String second = acceptedId(send(post("/github")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("[1]"))
                .build()));
        assertThat(first).isNotEqualTo(second);
        assertThat(stored(first).event().traceTag()).isEqualTo("webhook-github-" + first);
        assertThat(stored(second).event().payload().get("body").toString()).isEqualTo("[1]");
    }

    @Test
    void aRetriedDeliveryIsOneTrigger() throws Exception {
        String first = acceptedId(send(post("/github")
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                .POST(HttpRequest.BodyPublishers.ofString("{\"zen\": \"retry\"}"))
                .build()));
        String retry = acceptedId(send(post("/github")
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                .POST(HttpRequest.BodyPublishers.ofString("{\"zen\": \"retry\"}"))
                .build()));
        String other = acceptedId(send(post("/github")
                .header("Authorization", "Bearer " + TOKEN)
                .header("Idempotency-Key", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                .POST(HttpRequest.BodyPublishers.ofString("{\"zen\": \"retry\"}"))
                .build()));
        assertThat(retry).isEqualTo(first);
        assertThat(TriggerStore.read(nats))
                .filteredOn(t -> t.event().id().equals(first))
                .hasSize(1);
        assertThat(other).isEqualTo(first); // the same key names the same delivery, whichever header carries it
    }

    @Test
    void missingOrWrongTokenIs401() throws Exception {
        long before = TriggerStore.read(nats).size();
        HttpResponse<String> missing = send(
                post("/github").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("missing Authorization");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");

        HttpResponse<String> wrong = send(post("/github")
                .header("Authorization", "Bearer not-it")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid token").doesNotContain(TOKEN);

        HttpResponse<String> basic = send(post("/github")
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(TriggerStore.read(nats)).hasSize((int) before);
    }

    @Test
    void hmacSignatureOfTheRawBodyIsRequired() throws Exception {
        String body = "{\"action\":\"opened\"}";
        String signature = "sha256=" + WebhookAuth.hmacHex(HMAC_KEY, body.getBytes(StandardCharsets.UTF_8));

        String id = acceptedId(send(post("/signed")
                .header("X-Squall-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()));
        assertThat(stored(id).event().payload().at("/body/action").asText()).isEqualTo("opened");
        // GitHub's header works too
        acceptedId(send(post("/signed")
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build()));

        HttpResponse<String> tampered = send(post("/signed")
                .header("X-Squall-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"closed\"}"))
                .build());
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("signature does not match");

        HttpResponse<String> unsigned = send(
                post("/signed").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("missing X-Squall-Signature");
    }

    @Test
    void bodyThatIsNeitherJsonNorFormIs400WithTheReason() throws Exception {
        HttpResponse<String> text = send(post("/open/hook")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello there"))
                .build());
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(text.body()).get("error").asText())
                .contains("not valid JSON")
                .contains("nor form data");

        HttpResponse<String> scalar = send(post("/open/hook")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("42"))
                .build());
        assertThat(scalar.statusCode()).isEqualTo(400);
        assertThat(scalar.body()).contains("must be a JSON object or array");

        HttpResponse<String> empty = send(
                post("/open/hook").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("empty body");
    }

    @Test
    void formDataBecomesAnObject() throws Exception {
        String id = acceptedId(send(post("/open/hook")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=web+01&tag=a&tag=b&note=caf%C3%A9"))
                .build()));
        JsonNode body = stored(id).event().payload().get("body");
        assertThat(body)
                .isEqualTo(Json.mapper().readTree("{\"name\":\"web 01\",\"tag\":[\"a\",\"b\"],\"note\":\"café\"}"));
    }

    @Test
    void aBodyWithinItsLimitThatNatsCannotTakeIs413NotARetryableError() throws Exception {
        long before = TriggerStore.read(nats).size();
        byte[] big = ("[\"" + "x".repeat(1100 * 1024) + "\"]").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> refused = send(
                post("/roomy").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(refused.body()).contains("the server takes at most 1048576 (max_payload): send less data");
        assertThat(TriggerStore.read(nats)).hasSize((int) before);
        acceptedId(send(post("/roomy")
                .POST(HttpRequest.BodyPublishers.ofString("[\"" + "x".repeat(900 * 1024) + "\"]"))
                .build()));
    }

    @Test
    void refusedBodiesSayWhyInTheAnswer() throws Exception {
        HttpResponse<String> duplicate = send(post("/open/hook")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1, \"a\": 2}"))
                .build());
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("Duplicate field 'a'");
        HttpResponse<String> number = send(post("/open/hook")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1e999}"))
                .build());
        assertThat(number.statusCode()).isEqualTo(400);
        assertThat(number.body()).contains("body.a: the number 1E+999 is beyond what a 64-bit float holds");
        HttpResponse<String> bytes = send(post("/open/hook")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'[', '"', (byte) 0xfe, '"', ']'}))
                .build());
        assertThat(bytes.statusCode()).isEqualTo(400);
        assertThat(bytes.body()).contains("body is not valid UTF-8 (byte 2: 0xfe)");
    }

    @Test
    void bodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
        long before = TriggerStore.read(nats).size();
        byte[] big = ("[\"" + "x".repeat(2000) + "\"]").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = send(post("/open/hook")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                .build());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("maxBodyBytes (1024)");

        HttpResponse<String> chunked = send(post("/open/hook")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());
        assertThat(chunked.statusCode()).isEqualTo(413);

        // a sender that waits for 100-continue gets the 413 without sending the body
        // (raw socket: the JDK 17 client waits forever for a 100 that never comes, JDK-8286171)
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write(("POST /open/hook HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + big.length
                                    + "\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
        assertThat(TriggerStore.read(nats)).hasSize((int) before);

        for (HttpRequest.Builder request : List.of(
                post("/open/hook").POST(HttpRequest.BodyPublishers.ofByteArray(big)),
                post("/open/hook")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))))) {
            HttpResponse<String> overHttp2 = http2.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overHttp2.statusCode()).isEqualTo(413);
        }
        assertThat(TriggerStore.read(nats)).hasSize((int) before);

        // just under the limit still goes through
        byte[] fits = ("[\"" + "x".repeat(1000) + "\"]").getBytes(StandardCharsets.UTF_8);
        acceptedId(send(post("/open/hook")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fits))
                .build()));
    }

    @Test
    void otherMethodsAre405AndOtherPaths404() throws Exception {
        HttpResponse<String> get = send(post("/github").GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> elsewhere = send(post("/nope")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void natsDownIs503AndNothingIsKeptThenTheNextRequestIsAccepted() throws Exception {
        List<String> before =
                TriggerStore.read(nats).stream().map(t -> t.event().id()).toList();
        nats.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !sensor.isConnected());

        HttpResponse<String> refused = send(post("/open/hook")
                .POST(HttpRequest.BodyPublishers.ofString("{\"during\":\"outage\"}"))
                .build());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("not stored");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        nats.restart();
        await().atMost(Duration.ofSeconds(30)).until(sensor::isConnected);
        String id = acceptedId(send(post("/open/hook")
                .POST(HttpRequest.BodyPublishers.ofString("{\"after\":\"outage\"}"))
                .build()));

        List<StoredTrigger> after = TriggerStore.read(nats);
        assertThat(after.stream().map(t -> t.event().id()).toList()).containsExactlyElementsOf(concat(before, id));
        assertThat(after).noneMatch(t -> t.event().payload().at("/body/during").isTextual());
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(last);
        return all;
    }

    /** A request written byte for byte (ISO-8859-1), with an extra header line; the whole answer. */
    private static String raw(String header, byte[] payload) throws IOException {
        boolean framing = header.startsWith("Content-Length") || header.startsWith("Transfer-Encoding");
        String head = "POST /github HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nConnection: close\r\n" + header + "\r\n"
                + (framing ? "" : "Content-Length: " + payload.length + "\r\n") + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(payload);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void malformedHeadersAndFramingAreRefusedAndWhatIsTakenIsTakenAsSent() throws Exception {
        byte[] body = "{\"value\":\"h\"}".getBytes(StandardCharsets.UTF_8);
        for (String header : List.of(
                "User-Agent: a\rb",
                "User-Agent: a\u0000b",
                "User Agent: spaced name",
                "Content-Length: 5\r\nContent-Length: 6")) {
            assertThat(raw(header, body)).as(header).startsWith("HTTP/1.1 400 Bad Request");
        }
        assertThat(raw("User-Agent: " + "h".repeat(20_000), body))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large");
        long before = TriggerStore.read(nats).size();
        // a chunk size that is not hex: the HTTP server drops the connection (nothing to answer on) and nothing is
        // stored
        assertThat(raw("Transfer-Encoding: chunked", "5\r\n{\"val\r\nzz\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .satisfiesAnyOf(
                        answer -> assertThat(answer).isEmpty(),
                        answer -> assertThat(answer).startsWith("HTTP/1.1 400 Bad Request"));
        assertThat(TriggerStore.read(nats)).hasSize((int) before);

        String latin1 = raw("User-Agent: caf\u00e9 {{ 7*7 }} $(id)", body);
        assertThat(latin1).startsWith("HTTP/1.1 202 Accepted");
        String id = Json.mapper()
                .readTree(latin1.substring(latin1.indexOf("\r\n\r\n") + 4))
                .get("id")
                .asText();
        assertThat(stored(id).event().payload().at("/headers_lower/user-agent").asText())
                .as("a header's bytes as ISO-8859-1 characters, nothing evaluated")
                .isEqualTo("caf\u00e9 {{ 7*7 }} $(id)");
        String folded = raw("User-Agent: a\r\n folded", body);
        assertThat(folded).startsWith("HTTP/1.1 202 Accepted");
    }
}
