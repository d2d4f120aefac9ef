package io.squall.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalApiServerTest {

    @Test
    void aTemporaryServerServesTheCrdsAndDeletesItsWorkDirectoryOnClose() throws IOException {
        Path workDir;
        try (LocalApiServer api = LocalApiServer.start()) {
            workDir = api.workDir();
            assertThat(api.kubeconfig()).startsWith(workDir).exists();
            List<CustomResourceDefinition> crds = api.installCrds(Path.of("../crds"));
            assertThat(crds).extracting(c -> c.getMetadata().getName()).contains("executions.squall.io");
            // served: the kind is in discovery, where kubectl and generic clients look it up
            assertThat(api.client().getApiResources("squall.io/v1alpha1").getResources())
                    .extracting(r -> r.getName())
                    .contains("executions");
        }
        assertThat(Files.exists(workDir)).isFalse();
    }

    @Test
    void aCrdReadBeforeItsStatusIsWrittenIsNotEstablishedYet() {
        CustomResourceDefinition fresh = new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("a.b")
                .endMetadata()
                .withNewStatus()
                .endStatus()
                .build();
        fresh.getStatus().setConditions(null);
        assertThat(LocalApiServer.isEstablished(fresh)).isFalse();
        assertThat(LocalApiServer.isEstablished(new CustomResourceDefinitionBuilder().build()))
                .isFalse();
        assertThat(LocalApiServer.isEstablished(null)).isFalse();
    }

    @Test
    void aCrdWithItsEstablishedConditionTrueIsEstablished() {
        CustomResourceDefinition served = new CustomResourceDefinitionBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType("Established")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        assertThat(LocalApiServer.isEstablished(served)).isTrue();
    }

    @Test
    void theBinariesComeFromTheEnvironmentWhenItNamesThem() {
        assertThat(LocalApiServer.binaries(Map.of(LocalApiServer.BINARIES_ENV, "/k")))
                .contains(Path.of("/k"));
        assertThat(LocalApiServer.binaries(Map.of(LocalApiServer.BINARIES_ENV, " ")))
                .isEmpty();
        assertThat(LocalApiServer.binaries(Map.of())).isEmpty();
    }
}
