package io.squall.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner references on a real kube-apiserver, which has no garbage collector of its own. */
class LocalGarbageCollectorTest {

    private static final String NS = "gc";

    @TempDir
    static Path work;

    private static LocalApiServer api;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        api = LocalApiServer.start(work.resolve("api"), LocalApiServer.binaries(System.getenv()));
        client = api.client();
        api.createNamespace(NS);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void deletesWhatLostItsOwnerAndKeepsTheRest() {
        ConfigMap owner = client.resource(configMap("owner")).create();
        ConfigMap doomed = client.resource(configMap("doomed")).create();
        Secret ownedByLiving = client.resource(secret("owned-by-living", owner)).create();
        Secret ownedByDoomed =
                client.resource(secret("owned-by-doomed", doomed)).create();
        Secret unowned = client.resource(secret("unowned", null)).create();
        LocalGarbageCollector collector = new LocalGarbageCollector(client);

        assertThat(collector.collect()).isZero();

        client.resource(doomed).delete();
        assertThat(collector.collect()).isEqualTo(1);
        assertThat(exists(ownedByDoomed)).isFalse();
        assertThat(exists(ownedByLiving)).isTrue();
        assertThat(exists(unowned)).isTrue();
    }

    @Test
    void anOwnerRecreatedUnderTheSameNameIsAnotherObject() {
        ConfigMap first = client.resource(configMap("phoenix")).create();
        Secret owned = client.resource(secret("owned-by-phoenix", first)).create();
        client.resource(first).delete();
        client.resource(configMap("phoenix")).create();

        new LocalGarbageCollector(client).collect();

        assertThat(exists(owned)).isFalse();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .build();
    }

    private static Secret secret(String name, HasMetadata owner) {
        SecretBuilder secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata();
        if (owner != null) {
            secret.editMetadata()
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("v1")
                            .withKind("ConfigMap")
                            .withName(owner.getMetadata().getName())
                            .withUid(owner.getMetadata().getUid())
                            .build())
                    .endMetadata();
        }
        return secret.build();
    }

    private static boolean exists(Secret secret) {
        return client.secrets()
                        .inNamespace(NS)
                        .withName(secret.getMetadata().getName())
                        .get()
                != null;
    }
}
