package io.squall.operator.datastore;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.JetStreamKvBucket;
import io.squall.engine.datastore.KvScope;
import io.squall.engine.template.KvLookup;
import io.squall.operator.config.SquallConfig;
import io.squall.operator.nats.NatsConnector;
import io.squall.operator.nats.NatsUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * The operator's one datastore (StackStorm's st2kv) on the squall-kv bucket: what rules, action parameters and
 * workflows read ({@link #lookup}), and what the core.kv-* actions write ({@link #datastore}). Without NATS there is
 * none, and reading a key says so.
 */
@ApplicationScoped
public class OperatorDatastore {
    private final NatsConnector nats;
    private final Datastore datastore;

    public OperatorDatastore(NatsConnector nats, SquallConfig config, Clock clock, KubernetesClient client) {
        this.nats = nats;
        DatastoreKeys keys = new DatastoreKeys(client, config.datastore());
        this.datastore = new Datastore(
                new JetStreamKvBucket(() -> nats.connection()
                        .orElseThrow(() ->
                                new NatsUnavailableException(nats.readiness().message()))),
                keys::cipher,
                clock);
    }

    /** @throws DatastoreException when NATS is off */
    public Datastore datastore() {
        if (!nats.isEnabled()) {
            throw new DatastoreException(
                    "the datastore lives in NATS JetStream and NATS is off (squall.nats.enabled=" + "false)");
        }
        return datastore;
    }

    /**
     * What templates of {@code namespace} read; {@code user} (the Execution's {@code spec.context.user}) is the user
     * scope, none when null.
     */
    public KvLookup lookup(String namespace, String user) {
        if (!nats.isEnabled()) {
            return (scope, key) -> {
                throw new DatastoreException("kv." + scope.label() + "." + key + " cannot be read: the datastore lives "
                        + "in NATS JetStream and NATS is off (squall.nats.enabled=false)");
            };
        }
        return datastore.lookup(namespace, user);
    }

    /** The system scope of a namespace, as rules see it (StackStorm's rules read st2kv.system only). */
    public KvLookup systemLookup(String namespace) {
        KvLookup all = lookup(namespace, null);
        return (scope, key) -> scope == KvScope.SYSTEM ? all.find(scope, key) : java.util.Optional.empty();
    }
}
