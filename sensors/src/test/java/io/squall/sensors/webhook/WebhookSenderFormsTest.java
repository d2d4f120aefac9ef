package io.squall.sensors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies as monitoring systems send them (New Relic's legacy form post and its JSON form, multipart/form-data,
 * StackStorm's generic st2 hook), over real HTTP to the webhook route, stored in a real nats-server.
 */
class WebhookSenderFormsTest {
    /** New Relic's legacy alert webhook: a form post whose field alert holds the alert as JSON. */
    private static final String NEW_RELIC_ALERT = "{\"created_at\":\"2015-03-04T16:43:42+00:00\","
            + "\"application_name\":\"web\",\"account_name\":\"StackStorm\",\"severity\":\"critical\","
            + "\"message\":\"Apdex score fell below critical level of 0.90\","
            + "\"short_description\":\"[web] alert opened\","
            + "\"long_description\":\"Alert opened on web: Apdex score fell below critical level of 0.90\","
            + "\"alert_url\":\"https://rpm.newrelic.com/accounts/1/incidents/2\",\"incident_id\":2}";

    @TempDir
    static Path secrets;

    static NatsServer nats;
    static Sensor sensor;
    static Vertx vertx;
    static HttpServer server;
    static HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start();
        TriggerStore.create(nats);
        SensorContext context = SensorContext.from(Map.of(
                SensorContext.SENSOR_NAME, "monitoring",
                SensorContext.SENSOR_NAMESPACE, "ops",
                SensorContext.SENSOR_TYPE, "webhook",
                SensorContext.NATS_URL, nats.url(),
                SensorContext.SECRET_DIR, secrets.toString()));
        sensor = Sensor.connect(context);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        WebhookConfig newRelic = config("st2/nrhook", null);
        newRelic.jsonFields = List.of("alert", "deployment");
        newRelic.triggerType = "newrelic.alert";
        mount(router, context, newRelic, List.of());
        mount(router, context, config("plain", null), List.of());
        mount(router, context, config("api/v1/webhooks/st2", WebhookConfig.Format.ST2), List.of());
        mount(
                router,
                context,
                config("limited/st2", WebhookConfig.Format.ST2),
                List.of("autoscale.ScaleUpPulse", "autoscale.ScaleDownPulse"));
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get();
    }

    private static WebhookConfig config(String path, WebhookConfig.Format format) {
        WebhookConfig config = new WebhookConfig();
        config.path = path;
        config.auth = WebhookConfig.Auth.NONE;
        config.format = format;
        return config;
    }

    private static void mount(Router router, SensorContext context, WebhookConfig config, List<String> declaredTypes) {
        WebhookSettings settings = WebhookSettings.from(config, context.name(), declaredTypes);
        new WebhookHandler(
                        settings, WebhookAuth.of(settings.auth(), context), sensor, context.namespace(), context.name())
                .mount(router);
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

    private static HttpResponse<String> post(String path, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static StoredTrigger stored(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = Json.mapper().readTree(response.body()).get("id").asText();
        return TriggerStore.read(nats).stream()
                .filter(t -> t.event().id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("trigger " + id + " is not in the stream"));
    }

    private static String error(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return Json.mapper().readTree(response.body()).get("error").asText();
    }

    private static String form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    @Test
    void newRelicLegacyFormPostHasItsAlertDecoded() throws Exception {
        StoredTrigger trigger =
                stored(post("/st2/nrhook", "application/x-www-form-urlencoded", form("alert", NEW_RELIC_ALERT)));

        assertThat(trigger.event().type()).isEqualTo("newrelic.alert");
        JsonNode body = trigger.event().payload().get("body");
        assertThat(body.get("alert")).isEqualTo(Json.mapper().readTree(NEW_RELIC_ALERT));
        assertThat(body.at("/alert/severity").asText()).isEqualTo("critical");
        assertThat(body.at("/alert/long_description").asText()).startsWith("Alert opened");
        assertThat(body.at("/alert/incident_id").asInt()).isEqualTo(2);
    }

    @Test
    void newRelicJsonFormIsTheSameBody() throws Exception {
        StoredTrigger trigger = stored(post("/st2/nrhook", "application/json", "{\"alert\": " + NEW_RELIC_ALERT + "}"));

        assertThat(trigger.event().payload().at("/body/alert"))
                .isEqualTo(Json.mapper().readTree(NEW_RELIC_ALERT));
    }

    @Test
    void fieldsNotListedStayTextAndAListedFieldThatIsNotJsonIs400NamingIt() throws Exception {
        JsonNode body = stored(post("/plain", "application/x-www-form-urlencoded", form("alert", NEW_RELIC_ALERT)))
                .event()
                .payload()
                .get("body");
        assertThat(body.get("alert").asText()).isEqualTo(NEW_RELIC_ALERT);

        assertThat(error(post("/st2/nrhook", "application/x-www-form-urlencoded", form("alert", "{\"severity\": "))))
                .startsWith("form field 'alert' (listed in webhook.jsonFields) is not valid JSON (")
                .contains("line 1");
        // a JSON field keeps the rules of JSON bodies: one key twice is refused
        assertThat(error(post("/st2/nrhook", "application/x-www-form-urlencoded", form("alert", "{\"a\":1,\"a\":2}"))))
                .contains("Duplicate field 'a'");
    }

    @Test
    void repeatedJsonFieldIsAListOfDecodedValues() throws Exception {
        JsonNode body = stored(post(
                        "/st2/nrhook",
                        "application/x-www-form-urlencoded",
                        form("alert", "[1,2]", "alert", "{\"x\":true}", "note", "n")))
                .event()
                .payload()
                .get("body");
        assertThat(body).isEqualTo(Json.mapper().readTree("{\"alert\": [[1,2], {\"x\": true}], \"note\": \"n\"}"));
    }

    /** One multipart/form-data body, as a browser or curl -F builds it. */
    private static final class Multipart {
        final String boundary = "----squall-test-boundary-7MA4YWxkTrZu0gW";
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"\r\n",
                    value.getBytes(StandardCharsets.UTF_8));
        }

        Multipart file(String name, String filename, String contentType, byte[] content) {
            return part(
                    "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
                            + "Content-Type: " + contentType + "\r\n",
                    content);
        }

        private Multipart part(String headers, byte[] content) {
            bytes.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
            bytes.writeBytes(content);
            bytes.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] body() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(bytes.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }
    }

    @Test
    void multipartFieldsAreBodyFieldsAndFilesAreDescribed() throws Exception {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        byte[] bigText = "y".repeat(MultipartBody.MAX_TEXT_CONTENT + 1).getBytes(StandardCharsets.UTF_8);
        Multipart multipart = new Multipart()
                .field("alert", NEW_RELIC_ALERT)
                .field("tag", "a")
                .field("tag", "café")
                .file(
                        "log",
                        "app.log",
                        "text/plain; charset=UTF-8",
                        "line 1\nline 2\n".getBytes(StandardCharsets.UTF_8))
                .file("graph", "apdex.png", "image/png", binary)
                .file("dump", "big.txt", "text/plain", bigText);

        JsonNode body = stored(post("/st2/nrhook", multipart.contentType(), multipart.body()))
                .event()
                .payload()
                .get("body");

        assertThat(body.get("alert")).isEqualTo(Json.mapper().readTree(NEW_RELIC_ALERT));
        assertThat(body.get("tag")).isEqualTo(Json.mapper().readTree("[\"a\", \"café\"]"));
        assertThat(body.get("log"))
                .isEqualTo(Json.mapper()
                        .readTree("{\"filename\": \"app.log\", \"contentType\": "
                                + "\"text/plain\", \"size\": 14, \"content\": \"line 1\\nline 2\\n\"}"));
        assertThat(body.get("graph"))
                .isEqualTo(
                        Json.mapper()
                                .readTree(
                                        "{\"filename\": \"apdex.png\", \"contentType\": "
                                                + "\"image/png\", \"size\": 8, \"note\": \"content left out: image/png is not text\"}"));
        assertThat(body.at("/dump/size").asInt()).isEqualTo(bigText.length);
        assertThat(body.get("dump").has("content")).isFalse();
        assertThat(body.at("/dump/note").asText())
                .isEqualTo("content left out: " + bigText.length + " bytes is over " + MultipartBody.MAX_TEXT_CONTENT);
    }

    @Test
    void badMultipartBodiesAre400WithTheReason() throws Exception {
        Multipart multipart = new Multipart().field("a", "1");
        byte[] whole = multipart.body();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);

        assertThat(error(post("/plain", multipart.contentType(), cut)))
                .contains("closing delimiter")
                .contains("missing");
        assertThat(error(post("/plain", "multipart/form-data", whole)))
                .isEqualTo("multipart/form-data needs a boundary parameter in Content-Type");
        assertThat(error(post("/plain", "multipart/mixed; boundary=" + multipart.boundary, whole)))
                .startsWith("multipart/mixed is not supported");
        byte[] notUtf8 = new Multipart()
                .part("Content-Disposition: form-data; name=\"a\"\r\n", new byte[] {'x', (byte) 0xc3})
                .body();
        assertThat(error(post("/plain", multipart.contentType(), notUtf8)))
                .isEqualTo("malformed multipart/form-data: field 'a' is not valid UTF-8 text");
        assertThat(error(post(
                        "/plain",
                        multipart.contentType(),
                        ("--" + multipart.boundary + "--\r\n").getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("multipart/form-data without any field");
        byte[] garbage = ("--" + multipart.boundary + "\r\nno headers at all\r\n--" + multipart.boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(error(post("/plain", multipart.contentType(), garbage)))
                .isEqualTo("malformed multipart/form-data: 1 part(s) sent, 0 readable: each part needs "
                        + "Content-Disposition: form-data; name=\"...\"");
    }

    @Test
    void st2GenericHookEmitsTheNamedTriggerWithItsPayloadAsIs() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.actualPort() + "/api/v1/webhooks/st2"))
                .header("Content-Type", "application/json")
                .header("St2-Trace-Tag", "nr-incident-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"trigger\": \"autoscale.ScaleUpPulse\", "
                        + "\"payload\": {\"asg\": \"web\", \"nodes\": 3}}"))
                .build();
        StoredTrigger trigger = stored(http.send(request, HttpResponse.BodyHandlers.ofString()));

        assertThat(trigger.subject()).isEqualTo("squall.trigger.ops.autoscale.ScaleUpPulse");
        assertThat(trigger.event().type()).isEqualTo("autoscale.ScaleUpPulse");
        assertThat(trigger.event().payload()).isEqualTo(Json.mapper().readTree("{\"asg\": \"web\", \"nodes\": 3}"));
        assertThat(trigger.event().traceTag()).isEqualTo("nr-incident-2");

        JsonNode empty = stored(post("/api/v1/webhooks/st2", "application/json", "{\"trigger\": \"core.ping\"}"))
                .event()
                .payload();
        assertThat(empty).isEqualTo(Json.mapper().readTree("{}"));
    }

    @Test
    void st2BodiesThatNameNoUsableTriggerAre400() throws Exception {
        assertThat(error(post("/api/v1/webhooks/st2", "application/json", "{\"payload\": {}}")))
                .startsWith("format st2: 'trigger' is missing");
        assertThat(error(post("/api/v1/webhooks/st2", "application/json", "{\"trigger\": 7}")))
                .startsWith("format st2: 'trigger' must be a trigger type matching");
        assertThat(error(post("/api/v1/webhooks/st2", "application/json", "[{\"trigger\": \"a.b\"}]")))
                .startsWith("format st2: the body must be a JSON object");
        assertThat(error(post("/api/v1/webhooks/st2", "application/json", "{\"trigger\": \"a.b\", \"payload\": [1]}")))
                .isEqualTo("format st2: 'payload' must be a JSON object, got array");
        assertThat(error(post("/api/v1/webhooks/st2", "application/json", "{\"trigger\": \"a.b\", \"extra\": 1}")))
                .isEqualTo("format st2: unknown key 'extra' (the body has trigger and payload)");
        assertThat(error(post("/limited/st2", "application/json", "{\"trigger\": \"core.local\", \"payload\": {}}")))
                .isEqualTo("format st2: trigger 'core.local' is not one of this sensor's spec.triggerTypes "
                        + "[autoscale.ScaleUpPulse, autoscale.ScaleDownPulse]");
        assertThat(stored(post("/limited/st2", "application/json", "{\"trigger\": \"autoscale.ScaleDownPulse\"}"))
                        .event()
                        .type())
                .isEqualTo("autoscale.ScaleDownPulse");
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheField() {
        WebhookConfig st2WithType = config("hooks/st2", WebhookConfig.Format.ST2);
        st2WithType.triggerType = "core.webhook";
        assertThatThrownBy(() -> WebhookSettings.from(st2WithType, "monitoring"))
                .hasMessageStartingWith("webhook.triggerType is not used with format st2");
        WebhookConfig blankField = config("hooks/nr", null);
        blankField.jsonFields = List.of("alert", "");
        assertThatThrownBy(() -> WebhookSettings.from(blankField, "monitoring"))
                .hasMessage("webhook.jsonFields[1] must be a field name, got ''");
    }
}
