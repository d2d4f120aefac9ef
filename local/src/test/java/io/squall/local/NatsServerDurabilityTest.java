package io.squall.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which nats-server can be told to sync every JetStream write (bin/squall-dev asks for it when it can). */
class NatsServerDurabilityTest {
    @Test
    void syncIntervalNeedsTwoTen() {
        assertThat(NatsServer.atLeast("v2.9.10", 2, 10)).isFalse();
        assertThat(NatsServer.atLeast("v2.10.0", 2, 10)).isTrue();
        assertThat(NatsServer.atLeast("v2.11.3", 2, 10)).isTrue();
        assertThat(NatsServer.atLeast("v3.0.0", 2, 10)).isTrue();
        assertThat(NatsServer.atLeast("unknown", 2, 10)).isFalse();
    }

    @Test
    void theInstalledServerReportsItsVersion() {
        assertThat(NatsServer.version(NatsServer.requireExecutable(NatsServer.executable())))
                .matches("v\\d+\\.\\d+\\.\\d+");
    }
}
