package io.squall.runner.publish;

import io.nats.client.Nats;
import io.nats.client.Options;
import io.squall.runner.RunnerConfig;
import java.time.Duration;

/**
 * jnats connection options from the runner's settings: the server URL (nats:// or tls://) and one way to
 * authenticate: a credentials file (JWT + NKey), user and password, or a token.
 */
public final class NatsOptionsFactory {
    private NatsOptionsFactory() {}

    public static Options from(RunnerConfig config, String connectionName) {
        String url =
                config.natsUrl().orElseThrow(() -> new IllegalArgumentException(RunnerConfig.NATS_URL + " is not set"));
        Options.Builder builder = new Options.Builder()
                .server(url)
                .connectionName(connectionName)
                .connectionTimeout(Duration.ofSeconds(5))
                // keep reconnecting while the publish retry loop still has time
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500));
        if (config.natsCredentials().isPresent()) {
            builder.authHandler(Nats.credentials(config.natsCredentials().get().toString()));
        } else if (config.natsUser().isPresent()) {
            builder.userInfo(config.natsUser().get(), config.natsPassword().orElse(""));
        } else if (config.natsToken().isPresent()) {
            builder.token(config.natsToken().get().toCharArray());
        }
        return builder.build();
    }
}
