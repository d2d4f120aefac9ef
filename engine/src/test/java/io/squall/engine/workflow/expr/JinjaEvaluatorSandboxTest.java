package io.squall.engine.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.engine.template.KvLookup;
import io.squall.engine.workflow.WorkflowException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workflow Jinja runs under the rules engine's sandbox budget: a runaway template fails that one evaluation. */
class JinjaEvaluatorSandboxTest {
    private final JinjaEvaluator jinja = new JinjaEvaluator(KvLookup.EMPTY);
    private final Map<String, Object> ctx = Map.of("x", 1L);

    @Test
    void aTemplateThatRunsPastTheTimeLimitFailsNamingTheLimit() {
        assertThatThrownBy(() -> jinja.evaluate(
                        "{% for i in range(10000) %}{% for j in range(10000) %}{{ '' }}{% endfor %}{% endfor %}", ctx))
                .isInstanceOf(WorkflowException.class)
                .hasMessageContaining("LimitExceeded: rendering took longer than the limit of");
        assertThat(jinja.evaluate("{{ ctx().x + 1 }}", ctx))
                .as("the evaluator still works")
                .isEqualTo(2L);
    }

    @Test
    void aTemplateCannotReadOtherFiles() {
        assertThatThrownBy(() -> jinja.evaluate("{% include 'application.properties' %}", ctx))
                .isInstanceOf(WorkflowException.class);
    }
}
