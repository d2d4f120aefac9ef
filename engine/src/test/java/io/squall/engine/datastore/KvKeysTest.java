package io.squall.engine.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KvKeysTest {
    /** What NATS accepts as a KV key: tokens of [-/_=a-zA-Z0-9] separated by single dots. */
    private static final Pattern NATS_KEY = Pattern.compile("[-/_=a-zA-Z0-9]+(\\.[-/_=a-zA-Z0-9]+)*");

    @Test
    void keysAreNamespacedAndScoped() {
        assertThat(KvKeys.storageKey("prod", KvScope.SYSTEM, null, "asg.web.total_nodes"))
                .isEqualTo("kv.prod.system.asg.web.total_nodes");
        assertThat(KvKeys.storageKey("prod", KvScope.USER, "system:serviceaccount:prod:ci", "token"))
                .isEqualTo("kv.prod.user.system=3Aserviceaccount=3Aprod=3Aci.token");
        assertThat(KvKeys.storageKey("dev", KvScope.SYSTEM, null, "a"))
                .isNotEqualTo(KvKeys.storageKey("prod", KvScope.SYSTEM, null, "a"));
    }

    @Test
    void anyStackStormKeyBecomesAValidNatsKeyAndBack() {
        String prefix = KvKeys.scopePrefix("ns", KvScope.USER, "alice@example.com");
        for (String key : new String[] {
            "simple",
            "a.b.c",
            ".leading",
            "trailing.",
            "dou..ble",
            "sp ace",
            "=eq",
            "üñí",
            "a/b",
            "x:y",
            "*",
            ">",
            "a.*.b"
        }) {
            String stored = KvKeys.storageKey("ns", KvScope.USER, "alice@example.com", key);
            assertThat(stored).as(key).matches(NATS_KEY).doesNotContain("*").doesNotContain(">");
            assertThat(KvKeys.keyOf(stored, prefix)).as(key).contains(key);
        }
    }

    @Test
    void userNamesAreOneToken() {
        String a = KvKeys.scopePrefix("ns", KvScope.USER, "a.b");
        String b = KvKeys.scopePrefix("ns", KvScope.USER, "a");
        assertThat(a).isEqualTo("kv.ns.user.a=2Eb.");
        assertThat(KvKeys.keyOf(KvKeys.storageKey("ns", KvScope.USER, "a.b", "k"), b))
                .isEmpty();
    }

    @Test
    void prefixFiltersAreSubjectWildcards() {
        String scope = KvKeys.scopePrefix("ns", KvScope.SYSTEM, null);
        assertThat(KvKeys.filter(scope, "asg.web.")).isEqualTo("kv.ns.system.asg.>");
        assertThat(KvKeys.filter(scope, "asg.web")).isEqualTo("kv.ns.system.asg.>");
        assertThat(KvKeys.filter(scope, "asg")).isEqualTo("kv.ns.system.>");
        assertThat(KvKeys.filter(scope, "")).isEqualTo("kv.ns.system.>");
    }

    @Test
    void badKeysAreRefusedWithTheReason() {
        assertThatThrownBy(() -> KvKeys.storageKey("ns", KvScope.SYSTEM, null, ""))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> KvKeys.storageKey("ns", KvScope.USER, null, "k"))
                .hasMessageContaining("needs a user");
        assertThatThrownBy(() -> KvKeys.storageKey("ns", KvScope.SYSTEM, null, "k".repeat(600)))
                .hasMessageContaining("longer than 512");
    }
}
