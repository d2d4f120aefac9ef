package io.squall.engine.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.squall.engine.workflow.state.WorkflowState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Everything a conductor is: the spec it runs (so a workflow keeps the definition it started with), its input and
 * parent context, its state, log, errors (with the spec field each came from) and output. {@link #toJson()} / {@link #fromJson(String)} round-trip it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConductorSnapshot(
        Map<String, Object> spec,
        Map<String, Object> input,
        Map<String, Object> context,
        WorkflowState state,
        List<Map<String, Object>> log,
        List<Map<String, Object>> errors,
        Map<String, Object> output,

        @com.fasterxml.jackson.annotation.JsonProperty("error_fields")
        List<String> errorFields) {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] toJsonBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static ConductorSnapshot fromJson(String json) {
        try {
            ConductorSnapshot s = JSON.readValue(json, ConductorSnapshot.class);
            // numbers and maps back in the value model (Integer → Long)
            WorkflowState st = s.state();
            for (int i = 0; i < st.contexts.size(); i++) {
                st.contexts.set(i, (Map<String, Object>) Values.normalize(st.contexts.get(i)));
            }
            st.sequence.forEach(
                    t -> t.retry = t.retry == null ? null : (Map<String, Object>) Values.normalize(t.retry));
            st.staged.forEach(t -> t.retry = t.retry == null ? null : (Map<String, Object>) Values.normalize(t.retry));
            return new ConductorSnapshot(
                    (Map<String, Object>) Values.normalize(s.spec()),
                    (Map<String, Object>) Values.normalize(s.input()),
                    (Map<String, Object>) Values.normalize(s.context()),
                    st,
                    s.log() == null ? List.of() : (List<Map<String, Object>>) Values.normalize(s.log()),
                    s.errors() == null ? List.of() : (List<Map<String, Object>>) Values.normalize(s.errors()),
                    (Map<String, Object>) Values.normalize(s.output()),
                    s.errorFields());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
