package io.squall.runner.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.KvEntry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What StackStorm's ActionDatastoreService does against the datastore, for one Execution's namespace (system scope;
 * the python side has already turned a local name into {@code <pack>.<Class>:<name>}): values are strings as in
 * StackStorm (a typed JSON value is given as its JSON text). Secret values are refused with the reason: the key
 * that encrypts them stays with the operator, and runner pods, which run any action's code, never get it.
 */
public final class ActionServiceOperations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String NO_SECRETS = "secret datastore values are not available to python actions: the key that "
            + "encrypts them stays with the operator (runner pods never get it)";

    private final RunnerDatastore datastore;
    private final Datastore.Place place;

    public ActionServiceOperations(RunnerDatastore datastore, String namespace) {
        this.datastore = datastore;
        this.place = Datastore.Place.system(namespace);
    }

    /** {@code {found, value}}. */
    public ObjectNode get(String name, boolean decrypt) {
        Optional<KvEntry> entry = datastore.datastore().get(place, required(name), false);
        if (entry.isPresent() && entry.get().secret() && decrypt) {
            throw new DatastoreException("get_value('" + name + "', decrypt=True): " + NO_SECRETS
                    + "; give the action the value as a secret parameter instead ({{ kv.system." + name
                    + " | decrypt_kv }})");
        }
        ObjectNode out = NODES.objectNode();
        out.put("found", entry.isPresent());
        out.set("value", entry.map(e -> text(e.value())).orElse(null));
        return out;
    }

    public ObjectNode set(String name, String value, Long ttlSeconds, boolean encrypt) {
        if (encrypt) {
            throw new DatastoreException("set_value('" + name + "', encrypt=True): " + NO_SECRETS
                    + "; write secrets with core.kv-set (secret: true), which the operator runs");
        }
        if (value == null) {
            throw new DatastoreException("set_value('" + name + "'): a value is required");
        }
        Duration ttl = ttlSeconds == null || ttlSeconds == 0 ? null : Duration.ofSeconds(ttlSeconds);
        // no writer: an action may set one key many times in an attempt, and each write must apply
        KvEntry entry =
                datastore.datastore().set(place, required(name), TextNode.valueOf(value), ttl, false, null, null);
        return entry.toJson();
    }

    /** {@code {deleted}}: false when the key did not exist. */
    public ObjectNode delete(String name) {
        return NODES.objectNode().put("deleted", datastore.datastore().delete(place, required(name), null));
    }

    /** {@code {items: [{name, value, secret, scope, expires_at}]}}, secrets as {@code ********}. */
    public ObjectNode list(String prefix) {
        List<KvEntry> entries =
                datastore.datastore().list(place, prefix == null || prefix.isEmpty() ? null : prefix, false);
        ObjectNode out = NODES.objectNode();
        var items = out.putArray("items");
        for (KvEntry e : entries) {
            ObjectNode item = items.addObject();
            item.put("name", e.name());
            item.set("value", text(e.value()));
            item.put("secret", e.secret());
            item.put("scope", e.scope().label());
            item.put(
                    "expire_timestamp",
                    e.expiresAt() == null ? null : e.expiresAt().toString());
        }
        return out;
    }

    private static TextNode text(JsonNode value) {
        return TextNode.valueOf(value.isTextual() ? value.asText() : value.toString());
    }

    private static String required(String name) {
        if (name == null || name.isEmpty()) {
            throw new DatastoreException("a datastore key name is required");
        }
        return name;
    }
}
