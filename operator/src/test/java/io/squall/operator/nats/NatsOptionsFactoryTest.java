package io.squall.operator.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Options;
import io.squall.operator.testsupport.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsOptionsFactoryTest {

    private static final ConnectionListener NO_LISTENER = (conn, event) -> {};

    private static Options options(Map<String, String> properties) {
        return NatsOptionsFactory.options(TestConfigs.squall(properties).nats(), NO_LISTENER, new ErrorListener() {});
    }

    @Test
    void severalServersReconnectForever() {
        Options options = options(Map.of("squall.nats.url", "nats://a:4222, nats://b:4222"));
        assertThat(options.getServers()).extracting(Object::toString).containsExactly("nats://a:4222", "nats://b:4222");
        assertThat(options.getMaxReconnect()).isEqualTo(-1);
        assertThat(options.getConnectionName()).isEqualTo("squall-operator");
    }

    @Test
    void userAndPassword() {
        Options options = options(Map.of("squall.nats.user", "squall", "squall.nats.password", "s3cret"));
        assertThat(options.getUsernameChars()).containsExactly("squall".toCharArray());
        assertThat(options.getPasswordChars()).containsExactly("s3cret".toCharArray());
    }

    @Test
    void userWithoutPasswordNamesTheMissingKey() {
        assertThatThrownBy(() -> options(Map.of("squall.nats.user", "squall")))
                .hasMessage("squall.nats.password: required when squall.nats.user is set");
        assertThatThrownBy(() -> options(Map.of("squall.nats.password", "x")))
                .hasMessage("squall.nats.user: required when squall.nats.password is set");
    }

    @Test
    void onlyOneKindOfCredentials() {
        assertThatThrownBy(() -> options(Map.of("squall.nats.token", "t", "squall.nats.creds-file", "/x.creds")))
                .hasMessageStartingWith("squall.nats: set only one of user/password, token or creds-file");
    }

    @Test
    void credsFileMustBeReadable(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> options(Map.of(
                        "squall.nats.creds-file", dir.resolve("missing.creds").toString())))
                .hasMessageStartingWith("squall.nats.creds-file: cannot read ");
        Path creds = Files.writeString(dir.resolve("user.creds"), "jwt and seed");
        assertThat(options(Map.of("squall.nats.creds-file", creds.toString())).getAuthHandler())
                .isNotNull();
    }

    @Test
    void token() {
        assertThat(options(Map.of("squall.nats.token", "tok")).getTokenChars()).containsExactly("tok".toCharArray());
    }
}
