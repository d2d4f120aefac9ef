package io.squall.operator.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.ConcurrencySpec;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionPhase;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionStatus;
import io.squall.api.v1alpha1.ExecutionTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The slot count of a concurrency policy, against the cache's view and its lags. */
class ConcurrencySlotsTest {
    private final ConcurrencySlots slots = new ConcurrencySlots();

    private static Action action(ConcurrencySpec.Policy policy) {
        Action action = new Action();
        action.setMetadata(new ObjectMetaBuilder()
                .withName("exclusive")
                .withNamespace("ns")
                .build());
        action.setSpec(new ActionSpec());
        action.getSpec().concurrency = new ConcurrencySpec();
        action.getSpec().concurrency.limit = 2;
        action.getSpec().concurrency.policy = policy;
        return action;
    }

    private static Execution execution(String name, int second, ExecutionPhase phase) {
        Execution e = new Execution();
        e.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace("ns")
                .withCreationTimestamp("2026-12-03T10:00:0" + second + "Z")
                .build());
        e.setSpec(new ExecutionSpec());
        e.getSpec().action = new ExecutionTarget();
        e.getSpec().action.name = "exclusive";
        if (phase != null) {
            e.setStatus(new ExecutionStatus());
            e.getStatus().phase = phase;
            e.getStatus().attempts = phase == ExecutionPhase.Requested ? 0 : 1;
        }
        return e;
    }

    @Test
    void aHolderTheCacheHasNotSeenScheduledYetKeepsItsSlot() {
        Action action = action(ConcurrencySpec.Policy.CANCEL);
        List<Execution> cache =
                new ArrayList<>(List.of(execution("a", 1, null), execution("b", 2, null), execution("c", 3, null)));
        assertThat(slots.admit(cache.get(0), 1, action, cache, n -> Optional.empty()))
                .isInstanceOf(ConcurrencySlots.Admit.class);
        assertThat(slots.admit(cache.get(1), 1, action, cache, n -> Optional.empty()))
                .isInstanceOf(ConcurrencySlots.Admit.class);
        assertThat(slots.admit(cache.get(2), 1, action, cache, n -> Optional.empty()))
                .as("a and b hold both slots though the cache still shows them unstarted")
                .isInstanceOf(ConcurrencySlots.Refuse.class);
    }

    @Test
    void holdersMissingFromARelistingCacheAreReadBeforeTheirSlotsAreGiven() {
        Action action = action(ConcurrencySpec.Policy.CANCEL);
        Map<String, Execution> server =
                List.of(execution("a", 1, ExecutionPhase.Running), execution("b", 2, ExecutionPhase.Running)).stream()
                        .collect(Collectors.toMap(e -> e.getMetadata().getName(), e -> e));
        List<Execution> full = List.of(execution("a", 1, null), execution("b", 2, null));
        slots.admit(full.get(0), 1, action, full, n -> Optional.ofNullable(server.get(n)));
        slots.admit(full.get(1), 1, action, full, n -> Optional.ofNullable(server.get(n)));

        // the cache is being relisted: only the newcomer is in it
        Execution c = execution("c", 3, null);
        assertThat(slots.admit(c, 1, action, List.of(c), n -> Optional.ofNullable(server.get(n))))
                .isInstanceOf(ConcurrencySlots.Refuse.class);
        // gone for real (deleted): the slots free
        assertThat(slots.admit(c, 1, action, List.of(c), n -> Optional.empty()))
                .isInstanceOf(ConcurrencySlots.Admit.class);
    }

    @Test
    void delayedExecutionsStartFirstComeFirstServed() {
        Action action = action(ConcurrencySpec.Policy.DELAY);
        Execution running1 = execution("r1", 0, ExecutionPhase.Running);
        Execution running2 = execution("r2", 0, ExecutionPhase.Running);
        Execution early = execution("early", 1, ExecutionPhase.Delayed);
        Execution late = execution("late", 2, ExecutionPhase.Delayed);
        List<Execution> cache = new ArrayList<>(List.of(running1, running2, early, late));
        assertThat(slots.admit(late, 1, action, cache, n -> Optional.empty()))
                .isInstanceOf(ConcurrencySlots.Wait.class);

        running1.getStatus().phase = ExecutionPhase.Succeeded;
        assertThat(slots.admit(late, 1, action, cache, n -> Optional.empty()))
                .as("one slot, and early came first")
                .isInstanceOf(ConcurrencySlots.Wait.class);
        assertThat(slots.admit(early, 1, action, cache, n -> Optional.empty()))
                .isInstanceOf(ConcurrencySlots.Admit.class);
    }
}
