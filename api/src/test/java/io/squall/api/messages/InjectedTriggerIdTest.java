package io.squall.api.messages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InjectedTriggerIdTest {

    @Test
    void anInjectedIdReadsBackIntoItsPartsEvenWithDotsInTheExecutionName() {
        InjectedTriggerId id = new InjectedTriggerId("shop", "asg.governor-x7k2p-pulse", "8c1e0f3a-2b47-4bd2", 2);
        assertThat(id.id()).isEqualTo("injected.shop.asg.governor-x7k2p-pulse.8c1e0f3a-2b47-4bd2.2");
        assertThat(InjectedTriggerId.parse(id.id())).contains(id);
    }

    @Test
    void otherTriggerIdsAreNotInjectedOnes() {
        assertThat(InjectedTriggerId.parse("0d9f6c1e-2b47-4bd2-9d4c-7b1d3c1c6a2e"))
                .isEmpty();
        assertThat(InjectedTriggerId.parse("injected.shop.uid-only.1")).isEmpty();
        assertThat(InjectedTriggerId.parse("injected.shop.name.uid.x")).isEmpty();
        assertThat(InjectedTriggerId.parse("injected.shop.name.uid.99999999999"))
                .isEmpty();
        assertThat(InjectedTriggerId.parse(null)).isEmpty();
    }
}
