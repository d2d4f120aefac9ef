package io.squall.operator.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.messages.ExecutionRequest;
import io.squall.api.messages.ExecutionResult;
import io.squall.api.v1alpha1.KvActionSpec;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.KvEntry;
import io.squall.engine.datastore.KvScope;
import io.squall.operator.Audit;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs the core.kv-* actions (runner kv) in the operator: one datastore operation per attempt, in milliseconds,
 * with the result an Execution shows. Secret values are never in a result ({@code ********}): a template that needs
 * one reads it with {@code decrypt_kv} into a secret parameter. Writes name their writer (the Execution attempt), so
 * an attempt repeated after an operator crash does not apply twice. A datastore that cannot be reached throws
 * (the caller tries again later); anything the datastore refuses is a failed attempt with its reason.
 */
@ApplicationScoped
public class KvActions {
    private static final Logger AUDIT = Audit.LOG;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final OperatorDatastore datastore;
    private final Clock clock;

    public KvActions(OperatorDatastore datastore, Clock clock) {
        this.datastore = datastore;
        this.clock = clock;
    }

    /**
     * @param user   the Execution's user (spec.context.user), for scope user
     * @param writer the attempt, {@code <execution uid>/<attempt>}
     */
    public ExecutionResult run(ExecutionRequest request, String user, String writer) {
        Instant started = clock.instant();
        Map<String, JsonNode> p = request.parameters();
        KvActionSpec.Operation operation = request.action().kv.operation;
        try {
            Datastore store = datastore.datastore();
            Datastore.Place place = place(request.namespace(), p, user);
            JsonNode result = switch (operation) {
                case SET ->
                    store.set(
                                    place,
                                    key(p),
                                    p.get("value"),
                                    ttl(p),
                                    bool(p, "secret"),
                                    number(p, "expect_revision"),
                                    writer)
                            .toJson();
                case GET ->
                    store.get(place, key(p), false)
                            .<JsonNode>map(KvEntry::toJson)
                            .orElseGet(() -> notFound(key(p)));
                case DELETE ->
                    NODES.objectNode()
                            .put("key", key(p))
                            .put("deleted", store.delete(place, key(p), number(p, "expect_revision")));
                case LIST -> list(text(p, "prefix"), store.list(place, text(p, "prefix"), false));
                case INCR ->
                    store.increment(place, key(p), delta(p), ttl(p), writer).toJson();
            };
            AUDIT.infof(
                    "execution=%s/%s kv %s scope=%s %s",
                    request.namespace(),
                    request.execution(),
                    operation.name().toLowerCase(),
                    place.scope().label(),
                    operation == KvActionSpec.Operation.LIST ? "prefix=" + text(p, "prefix") : "key=" + key(p));
            return new ExecutionResult(
                    request.namespace(),
                    request.execution(),
                    request.attempt(),
                    ExecutionResult.Outcome.succeeded,
                    result,
                    null,
                    started,
                    clock.instant());
        } catch (DatastoreException | IllegalArgumentException e) {
            return new ExecutionResult(
                    request.namespace(),
                    request.execution(),
                    request.attempt(),
                    ExecutionResult.Outcome.failed,
                    null,
                    e.getMessage(),
                    started,
                    clock.instant());
        }
    }

    private static Datastore.Place place(String namespace, Map<String, JsonNode> p, String user) {
        String scope = text(p, "scope");
        KvScope parsed = scope == null
                ? KvScope.SYSTEM
                : KvScope.parse(scope)
                        .orElseThrow(() -> new DatastoreException(
                                "parameter scope: '" + scope + "' is not a datastore scope (system or user)"));
        if (parsed == KvScope.USER && (user == null || user.isBlank())) {
            throw new DatastoreException(
                    "scope user needs the Execution's user (spec.context.user); this Execution " + "has none");
        }
        return new Datastore.Place(namespace, parsed, parsed == KvScope.USER ? user : null);
    }

    private static JsonNode notFound(String key) {
        ObjectNode out = NODES.objectNode();
        out.put("key", key);
        out.putNull("value");
        out.put("found", false);
        return out;
    }

    private static JsonNode list(String prefix, List<KvEntry> entries) {
        ObjectNode out = NODES.objectNode();
        out.put("prefix", prefix == null ? "" : prefix);
        var items = out.putArray("items");
        entries.forEach(e -> items.add(e.toJson()));
        return out;
    }

    private static String key(Map<String, JsonNode> p) {
        String key = text(p, "key");
        if (key == null || key.isEmpty()) {
            throw new DatastoreException("parameter key is required");
        }
        return key;
    }

    private static String text(Map<String, JsonNode> p, String name) {
        JsonNode v = p.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean bool(Map<String, JsonNode> p, String name) {
        JsonNode v = p.get(name);
        return v != null && (v.isBoolean() ? v.asBoolean() : "true".equalsIgnoreCase(v.asText()));
    }

    private static Long number(Map<String, JsonNode> p, String name) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        try {
            return Long.parseLong(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new DatastoreException("parameter " + name + ": '" + v.asText() + "' is not an integer");
        }
    }

    private static Duration ttl(Map<String, JsonNode> p) {
        Long seconds = number(p, "ttl");
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    private static long delta(Map<String, JsonNode> p) {
        Long delta = number(p, "delta");
        return delta == null ? 1 : delta;
    }
}
