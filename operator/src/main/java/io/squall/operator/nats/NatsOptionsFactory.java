package io.squall.operator.nats;

import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.squall.operator.config.SquallConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Turns {@code squall.nats.*} into jnats Options: one kind of credentials, reconnect forever. */
public final class NatsOptionsFactory {

    private NatsOptionsFactory() {}

    /** @throws IllegalArgumentException naming the config key when the credentials are inconsistent */
    public static Options options(
            SquallConfig.Nats nats, ConnectionListener connectionListener, ErrorListener errorListener) {
        String[] servers = Arrays.stream(nats.url().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        if (servers.length == 0) {
            throw new IllegalArgumentException("squall.nats.url: no server URL given");
        }
        Options.Builder builder = new Options.Builder()
                .servers(servers)
                .connectionName(nats.connectionName())
                .connectionTimeout(nats.connectTimeout())
                .reconnectWait(nats.reconnectWait())
                .maxReconnects(-1) // an established connection never gives up
                .connectionListener(connectionListener)
                .errorListener(errorListener);
        int kinds = (nats.user().isPresent() ? 1 : 0)
                + (nats.token().isPresent() ? 1 : 0)
                + (nats.credsFile().isPresent() ? 1 : 0);
        if (kinds > 1) {
            throw new IllegalArgumentException(
                    "squall.nats: set only one of user/password, token or creds-file (SQUALL_NATS_USER, SQUALL_NATS_TOKEN, SQUALL_NATS_CREDS_FILE)");
        }
        if (nats.password().isPresent() && nats.user().isEmpty()) {
            throw new IllegalArgumentException("squall.nats.user: required when squall.nats.password is set");
        }
        nats.user()
                .ifPresent(user -> builder.userInfo(
                        user,
                        nats.password()
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "squall.nats.password: required when squall.nats.user is set"))));
        nats.token().ifPresent(token -> builder.token(token.toCharArray()));
        nats.credsFile().ifPresent(file -> {
            if (!Files.isReadable(Path.of(file))) {
                throw new IllegalArgumentException("squall.nats.creds-file: cannot read " + file);
            }
            builder.authHandler(Nats.credentials(file));
        });
        return builder.build();
    }
}
