package io.squall.operator.execution;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A long result grace, so that only the results consumer applies results (the reconciler's fallback read of the
 * stream would hide a consumer that lost one), and a short deadline grace, so that a Job's deadline comes seconds
 * after the action's timeout. Test classes with this profile share one operator.
 */
public class SlowResultGraceProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("squall.executions.result-grace", "10m", "squall.executions.deadline-grace", "2s");
    }
}
