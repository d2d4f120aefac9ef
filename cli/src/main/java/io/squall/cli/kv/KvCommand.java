package io.squall.cli.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nats.client.Connection;
import io.squall.cli.ClusterException;
import io.squall.cli.ExitCodes;
import io.squall.cli.NatsOptions;
import io.squall.cli.UsageException;
import io.squall.engine.datastore.Datastore;
import io.squall.engine.datastore.DatastoreException;
import io.squall.engine.datastore.JetStreamKvBucket;
import io.squall.engine.datastore.KvBucket;
import io.squall.engine.datastore.KvEntry;
import io.squall.engine.datastore.KvScope;
import io.squall.engine.datastore.SecretCipher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code squall kv get|set|delete|list}: StackStorm's {@code st2 key}, on the datastore in NATS JetStream (the bucket
 * squall-kv), with the same keys, scopes, TTL and secrets the operator's core-kv-* actions use.
 */
@Command(
        name = "kv",
        mixinStandardHelpOptions = true,
        description = "Reads and writes the datastore (st2 key): kv.system.* of a namespace, or a user's kv.user.*.",
        subcommands = {KvCommand.Get.class, KvCommand.Set.class, KvCommand.Delete.class, KvCommand.ListKeys.class},
        footer = {
            "",
            "Exit status: 0 done, 1 no such key (get, delete), 2 bad usage or a refused write "
                    + "(expect-revision), 3 NATS could not be reached."
        })
public final class KvCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw UsageException.arguments("missing command: get, set, delete or list");
    }

    /** Where the datastore is and which keys: NATS URL and credentials, namespace, scope. */
    static final class Target {
        @Mixin
        NatsOptions nats;

        @Option(
                names = {"-n", "--namespace"},
                required = true,
                description = "the Kubernetes namespace whose keys")
        String namespace;

        @Option(names = "--scope", defaultValue = "system", description = "system (default) or user")
        String scope;

        @Option(
                names = "--for-user",
                paramLabel = "USER",
                description = "with --scope user: whose keys " + "(an Execution's spec.context.user)")
        String forUser;

        @Option(
                names = "--key-file",
                paramLabel = "FILE",
                description = "the datastore encryption key, for secret "
                        + "values (default: $SQUALL_DATASTORE_ENCRYPTION_KEY); e.g. from kubectl get secret "
                        + "<release>-datastore-key -o jsonpath='{.data.key}' | base64 -d")
        Path keyFile;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "text",
                description = "text (default) or json")
        String output;

        Datastore.Place place() {
            KvScope parsed = KvScope.parse(scope)
                    .orElseThrow(() -> UsageException.arguments("--scope: '" + scope + "' is not system or user"));
            if (parsed == KvScope.USER && (forUser == null || forUser.isBlank())) {
                throw UsageException.arguments("--scope user needs --for-user USER");
            }
            return new Datastore.Place(namespace, parsed, parsed == KvScope.USER ? forUser : null);
        }

        Connection connect() {
            return nats.connect(Duration.ofSeconds(5));
        }

        SecretCipher cipher() {
            try {
                byte[] key = keyFile != null
                        ? Files.readAllBytes(keyFile)
                        : System.getenv("SQUALL_DATASTORE_ENCRYPTION_KEY") == null
                                ? null
                                : System.getenv("SQUALL_DATASTORE_ENCRYPTION_KEY")
                                        .getBytes(StandardCharsets.UTF_8);
                return key == null ? null : new SecretCipher(key);
            } catch (IOException e) {
                throw UsageException.arguments("--key-file: cannot read " + keyFile + ": " + e.getMessage());
            }
        }

        <T> T with(DatastoreWork<T> work) {
            try (Connection connection = connect()) {
                Datastore store = new Datastore(new JetStreamKvBucket(() -> connection), cipher(), Clock.systemUTC());
                return work.run(store, place());
            } catch (KvBucket.Unavailable e) {
                throw new ClusterException(e.getMessage(), e);
            } catch (DatastoreException | IllegalArgumentException e) {
                throw UsageException.arguments(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted", e);
            }
        }

        void print(PrintWriter out, KvEntry entry) {
            if ("json".equals(output)) {
                out.println(entry.toJson());
            } else {
                out.println(
                        entry.value().isTextual()
                                ? entry.value().asText()
                                : entry.value().toString());
            }
        }
    }

    @FunctionalInterface
    interface DatastoreWork<T> {
        T run(Datastore store, Datastore.Place place) throws InterruptedException;
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints a key's value (st2 key get).")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--decrypt", description = "show a secret's value (needs the encryption key)")
        boolean decrypt;

        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return target.with((store, place) -> store.get(place, key, decrypt)
                    .map(e -> {
                        target.print(spec.commandLine().getOut(), e);
                        return ExitCodes.OK;
                    })
                    .orElseGet(() -> {
                        spec.commandLine()
                                .getErr()
                                .println("squall kv: no key '" + key + "' in " + place.namespace() + " (scope "
                                        + place.scope().label() + ")");
                        return ExitCodes.NOT_SUCCEEDED;
                    }));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Sets a key (st2 key set).")
    static final class Set implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "a string; with --json, a JSON value")
        String value;

        @Option(names = "--ttl", paramLabel = "SECONDS", description = "expire the key after this long")
        Long ttl;

        @Option(names = "--secret", description = "encrypt the value (st2 key set --encrypt)")
        boolean secret;

        @Option(names = "--json", description = "VALUE is JSON (a typed value)")
        boolean json;

        @Option(
                names = "--expect-revision",
                paramLabel = "N",
                description = "write only if the key is still at " + "revision N (0: only if it does not exist)")
        Long expectRevision;

        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode parsed;
            try {
                parsed = json ? JSON.readTree(value) : TextNode.valueOf(value);
            } catch (IOException e) {
                throw UsageException.arguments("VALUE is not JSON: " + e.getMessage());
            }
            return target.with((store, place) -> {
                KvEntry entry = store.set(
                        place, key, parsed, ttl == null ? null : Duration.ofSeconds(ttl), secret, expectRevision, null);
                if ("json".equals(target.output)) {
                    spec.commandLine().getOut().println(entry.toJson());
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a key (st2 key delete).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "KEY")
        String key;

        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return target.with((store, place) -> {
                if (store.delete(place, key, null)) {
                    return ExitCodes.OK;
                }
                spec.commandLine().getErr().println("squall kv: no key '" + key + "' in " + place.namespace());
                return ExitCodes.NOT_SUCCEEDED;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists keys, by prefix (st2 key list).")
    static final class ListKeys implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "PREFIX")
        String prefix;

        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return target.with((store, place) -> {
                List<KvEntry> entries = store.list(place, prefix == null ? "" : prefix, false);
                PrintWriter out = spec.commandLine().getOut();
                if ("json".equals(target.output)) {
                    ArrayNode all = JSON.createArrayNode();
                    entries.forEach(e -> all.add(e.toJson()));
                    out.println(all);
                } else {
                    entries.forEach(e -> out.println(e.name() + "\t"
                            + (e.value().isTextual()
                                    ? e.value().asText()
                                    : e.value().toString())
                            + (e.expiresAt() == null ? "" : "\t(expires " + e.expiresAt() + ")")));
                }
                return ExitCodes.OK;
            });
        }
    }
}
