package io.squall.operator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

class KubeApiServerTest {

    @Test
    void aCrdReadBeforeItsStatusIsWrittenIsNotEstablishedYet() {
        CustomResourceDefinition fresh = new CustomResourceDefinitionBuilder().withNewMetadata().withName("a.b")
                .endMetadata().withNewStatus().endStatus().build();
        fresh.getStatus().setConditions(null);
        assertThat(KubeApiServer.established(fresh)).isFalse();
        assertThat(KubeApiServer.established(new CustomResourceDefinitionBuilder().build())).isFalse();
        assertThat(KubeApiServer.established(null)).isFalse();
    }

    @Test
    void aCrdWithItsEstablishedConditionTrueIsEstablished() {
        CustomResourceDefinition served = new CustomResourceDefinitionBuilder().withNewStatus()
                .addNewCondition().withType("Established").withStatus("True").endCondition().endStatus().build();
        assertThat(KubeApiServer.established(served)).isTrue();
    }
}
