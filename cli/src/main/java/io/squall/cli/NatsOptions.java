package io.squall.cli;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where NATS is and how to log in, for the commands that use it (kv, and run/tail for the live output). */
public final class NatsOptions {
    @Option(
            names = "--nats",
            paramLabel = "URL",
            description = "NATS URL (default: $SQUALL_NATS_URL, else " + "nats://127.0.0.1:4222)")
    String url;

    @Option(names = "--user", description = "NATS user (with --password; the chart's nats.auth)")
    String user;

    @Option(names = "--password", description = "NATS password (default: $SQUALL_NATS_PASSWORD)")
    String password;

    @Option(names = "--token", description = "NATS token (default: $SQUALL_NATS_TOKEN)")
    String token;

    @Option(names = "--creds", paramLabel = "FILE", description = "NATS credentials file")
    Path creds;

    public String server() {
        return url != null ? url : System.getenv().getOrDefault("SQUALL_NATS_URL", "nats://127.0.0.1:4222");
    }

    /** A connection that does not reconnect; a ClusterException when NATS cannot be reached within {@code timeout}. */
    public Connection connect(Duration timeout) {
        String server = server();
        Options.Builder options = new Options.Builder()
                .server(server)
                .connectionTimeout(timeout)
                .maxReconnects(0)
                // not jnats' log lines on stderr: a failed connect is thrown (and said once by the command), and
                // live output that did not arrive is shown from the result
                .errorListener(new ErrorListener() {});
        String pass = password != null ? password : System.getenv("SQUALL_NATS_PASSWORD");
        String tok = token != null ? token : System.getenv("SQUALL_NATS_TOKEN");
        if (user != null) {
            options.userInfo(user, pass == null ? "" : pass);
        } else if (tok != null) {
            options.token(tok.toCharArray());
        } else if (creds != null) {
            options.authHandler(Nats.credentials(creds.toString()));
        }
        try {
            return Nats.connect(options.build());
        } catch (IOException e) {
            throw new ClusterException("cannot connect to NATS at " + server + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while connecting to NATS at " + server, e);
        }
    }
}
