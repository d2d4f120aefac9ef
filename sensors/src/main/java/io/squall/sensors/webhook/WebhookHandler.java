package io.squall.sensors.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.TriggerEvent;
import io.squall.api.v1alpha1.WebhookConfig;
import io.squall.sensors.SensorIds;
import io.squall.sensors.sdk.TriggerDispatcher;
import io.squall.sensors.sdk.TriggerTooLargeException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * POST /&lt;path&gt; → one trigger. Answers 202 {"id"} only after JetStream stored the trigger, 503 when
 * NATS cannot take it (nothing is kept, the sender retries), 400/401/405/413 for bad requests. The body
 * is read with a bound: bytes past maxBodyBytes are counted and dropped, never buffered.
 */
public final class WebhookHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(WebhookHandler.class);
    public static final String TRACE_TAG_HEADER = "X-Squall-Trace-Tag";
    private static final List<String> TRACE_TAG_HEADERS = List.of(TRACE_TAG_HEADER, "St2-Trace-Tag");
    private static final int MAX_TRACE_TAG = 256;
    /** Headers that name a delivery (IETF Idempotency-Key, GitHub's delivery GUID). */
    public static final List<String> DELIVERY_KEY_HEADERS = List.of("Idempotency-Key", "X-GitHub-Delivery");
    /** How much past the limit is drained before the connection is cut (so the sender can read the 413). */
    private static final long MAX_DRAIN_BYTES = 8L * 1024 * 1024;

    private final WebhookSettings settings;
    private final WebhookAuth auth;
    private final TriggerDispatcher dispatcher;
    private final String namespace;
    private final String sensorName;

    public WebhookHandler(
            WebhookSettings settings,
            WebhookAuth auth,
            TriggerDispatcher dispatcher,
            String namespace,
            String sensorName) {
        this.settings = settings;
        this.auth = auth;
        this.dispatcher = dispatcher;
        this.namespace = namespace;
        this.sensorName = sensorName;
    }

    /** Serves POST /&lt;path&gt; on the router (any other method there gets 405). */
    public void mount(Router router) {
        router.route("/" + settings.path()).handler(this);
    }

    public WebhookSettings settings() {
        return settings;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.method() != HttpMethod.POST) {
            ctx.response().putHeader("Allow", "POST");
            rejectUnread(ctx, 405, error(request.method() + " is not allowed; POST a JSON or form body"));
            return;
        }
        Optional<String> rejected = auth.rejectByHeaders(request::getHeader);
        if (rejected.isPresent()) {
            unauthorized(ctx, rejected.get(), true);
            return;
        }
        if (declaredLength(request) > settings.maxBodyBytes()) {
            rejectUnread(ctx, 413, tooLargeMessage());
            return;
        }
        if (expectsContinue(request)) {
            ctx.response().writeContinue();
        }
        readBody(ctx);
    }

    /** Reads at most maxBodyBytes into memory; a longer body is drained and answered 413. */
    private void readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Buffer body = Buffer.buffer();
        long[] received = {0};
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] <= settings.maxBodyBytes()) {
                body.appendBuffer(chunk);
            } else if (received[0] > settings.maxBodyBytes() + MAX_DRAIN_BYTES) {
                cut(ctx, 413, tooLargeMessage());
            }
        });
        request.exceptionHandler(e -> {
            // e.g. a chunked body that is not chunked: nothing was stored; say so if the connection still can
            LOG.debugf("webhook %s: request failed while reading: %s", settings.path(), e);
            reply(ctx, 400, error("the request body could not be read: " + e.getMessage()));
        });
        request.endHandler(v -> {
            if (received[0] > settings.maxBodyBytes()) {
                reply(ctx, 413, tooLargeMessage());
            } else {
                accept(ctx, body.getBytes());
            }
        });
        request.resume();
    }

    /**
     * Answers without using the body. The body is drained first (up to a bound) so the sender, still
     * writing, can read the answer; a sender waiting for 100-continue is answered at once.
     */
    private void rejectUnread(RoutingContext ctx, int status, ObjectNode message) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            reply(ctx, status, message);
            return;
        }
        if (expectsContinue(request)) {
            cut(ctx, status, message);
            return;
        }
        long[] drained = {0};
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > MAX_DRAIN_BYTES) {
                cut(ctx, status, message);
            }
        });
        request.exceptionHandler(e -> LOG.debugf("webhook %s: request failed while draining: %s", settings.path(), e));
        request.endHandler(v -> reply(ctx, status, message));
        request.resume();
    }

    /**
     * Answers without reading the rest of the body: HTTP/1.1 closes the connection after the answer,
     * HTTP/2 resets only this stream (RFC 9113 §8.1: a complete answer, then RST_STREAM NO_ERROR).
     */
    private static void cut(RoutingContext ctx, int status, ObjectNode message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_2) {
            ctx.response().endHandler(v -> request.response().reset(0));
        } else {
            ctx.response().putHeader("Connection", "close");
            ctx.response().endHandler(v -> request.connection().close());
        }
        reply(ctx, status, message);
    }

    private static boolean expectsContinue(HttpServerRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
    }

    private void accept(RoutingContext ctx, byte[] body) {
        HttpServerRequest request = ctx.request();
        Optional<String> rejected = auth.rejectByBody(request::getHeader, body);
        if (rejected.isPresent()) {
            unauthorized(ctx, rejected.get(), false);
            return;
        }
        TriggerEvent event;
        try {
            JsonNode parsed = WebhookBody.parse(request.getHeader("Content-Type"), body, settings.jsonFields());
            if (settings.format() == WebhookConfig.Format.ST2) {
                St2Trigger trigger = St2Trigger.of(parsed, settings.st2TriggerTypes());
                event = event(request, trigger.type(), trigger.payload());
            } else {
                event = event(request, settings.triggerType(), WebhookPayload.of(headers(request), parsed));
            }
        } catch (WebhookBody.RejectedBody e) {
            reply(ctx, 400, error(e.getMessage()));
            return;
        }
        ctx.vertx()
                .executeBlocking(
                        () -> {
                            dispatcher.dispatch(event);
                            return event.id();
                        },
                        false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        LOG.debugf("webhook %s: trigger %s accepted", settings.path(), event.id());
                        reply(ctx, 202, JsonNodeFactory.instance.objectNode().put("id", event.id()));
                    } else if (result.cause() instanceof TriggerTooLargeException tooLarge) {
                        LOG.infof("webhook %s: 413: %s", settings.path(), tooLarge.getMessage());
                        reply(ctx, 413, error(tooLarge.getMessage()));
                    } else {
                        LOG.warnf(
                                "webhook %s: trigger not stored, answering 503: %s",
                                settings.path(), result.cause().getMessage());
                        ctx.response().putHeader("Retry-After", "5");
                        reply(
                                ctx,
                                503,
                                error("trigger not stored: " + result.cause().getMessage()));
                    }
                });
    }

    private static List<Map.Entry<String, List<String>>> headers(HttpServerRequest request) {
        List<Map.Entry<String, List<String>>> headers = new ArrayList<>();
        for (String name : request.headers().names()) {
            headers.add(Map.entry(name, request.headers().getAll(name)));
        }
        return headers;
    }

    private TriggerEvent event(HttpServerRequest request, String type, JsonNode payload) {
        String id = deliveryKey(request)
                .map(key -> SensorIds.idOf("webhook", namespace, sensorName, key))
                .orElseGet(() -> UUID.randomUUID().toString());
        String traceTag = traceTag(request);
        if (traceTag == null) {
            traceTag = "webhook-" + sensorName + "-" + id;
        } else if (traceTag.length() > MAX_TRACE_TAG) {
            traceTag = traceTag.substring(0, MAX_TRACE_TAG);
        }
        return new TriggerEvent(id, type, namespace, payload, Instant.now(), "sensor/" + sensorName, traceTag);
    }

    /** Ours, or StackStorm's St2-Trace-Tag (what st2 senders set). */
    private static String traceTag(HttpServerRequest request) {
        for (String header : TRACE_TAG_HEADERS) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /**
     * A sender's own id of this delivery: a retry of the same delivery gets the same trigger id, which
     * JetStream drops as a duplicate (its duplicate window), so a retry after a lost answer is harmless.
     */
    private static Optional<String> deliveryKey(HttpServerRequest request) {
        for (String header : DELIVERY_KEY_HEADERS) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    private void unauthorized(RoutingContext ctx, String reason, boolean bodyUnread) {
        // the reason names what is wrong, never the expected secret
        LOG.infof("webhook %s: 401 from %s: %s", settings.path(), ctx.request().remoteAddress(), reason);
        if (auth.mode() == WebhookConfig.Auth.TOKEN) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        if (bodyUnread) {
            rejectUnread(ctx, 401, error(reason));
        } else {
            reply(ctx, 401, error(reason));
        }
    }

    private ObjectNode tooLargeMessage() {
        return error("body larger than maxBodyBytes (" + settings.maxBodyBytes() + ")");
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP server rejects a malformed length itself
        }
    }

    private static ObjectNode error(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }

    private static void reply(RoutingContext ctx, int status, ObjectNode body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return; // the sender went away
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.toString());
    }
}
