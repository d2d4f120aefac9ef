package io.squall.operator.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateException;
import io.squall.engine.template.TemplateRenderer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the Jinja templates of an Action over an execution's parameters, as StackStorm renders a runner's
 * parameters before it runs: {@code command}, {@code cwd}, {@code env} values and every string of {@code http}
 * ({@code url}, {@code headers}, {@code params}, {@code body}) and of {@code kubernetes} (object, manifest, patch,
 * replicas, waitFor). The runner never evaluates Jinja, so the request
 * carries the rendered copy. An error names the field and the template.
 */
public final class ActionTemplates {

    private ActionTemplates() {}

    /** @throws ExecutionSetupException naming the field when a template cannot be rendered */
    public static ActionSpec render(
            ActionSpec action, Map<String, JsonNode> parameters, TemplateRenderer renderer, KvLookup kv) {
        ActionSpec copy = Json.mapper().convertValue(action, ActionSpec.class);
        copy.command = render("spec.command", copy.command, parameters, renderer, kv);
        copy.cwd = render("spec.cwd", copy.cwd, parameters, renderer, kv);
        copy.env = renderAll("spec.env", copy.env, parameters, renderer, kv);
        if (copy.http != null) {
            copy.http.url = render("spec.http.url", copy.http.url, parameters, renderer, kv);
            copy.http.body = render("spec.http.body", copy.http.body, parameters, renderer, kv);
            copy.http.headers = renderAll("spec.http.headers", copy.http.headers, parameters, renderer, kv);
            copy.http.params = renderAll("spec.http.params", copy.http.params, parameters, renderer, kv);
        }
        if (copy.kubernetes != null) {
            var k8s = copy.kubernetes;
            k8s.apiVersion = render("spec.kubernetes.apiVersion", k8s.apiVersion, parameters, renderer, kv);
            k8s.kind = render("spec.kubernetes.kind", k8s.kind, parameters, renderer, kv);
            k8s.name = render("spec.kubernetes.name", k8s.name, parameters, renderer, kv);
            k8s.namespace = render("spec.kubernetes.namespace", k8s.namespace, parameters, renderer, kv);
            k8s.manifest = render("spec.kubernetes.manifest", k8s.manifest, parameters, renderer, kv);
            k8s.patch = render("spec.kubernetes.patch", k8s.patch, parameters, renderer, kv);
            k8s.replicas = render("spec.kubernetes.replicas", k8s.replicas, parameters, renderer, kv);
            k8s.waitFor = render("spec.kubernetes.waitFor", k8s.waitFor, parameters, renderer, kv);
        }
        return copy;
    }

    private static Map<String, String> renderAll(
            String field,
            Map<String, String> values,
            Map<String, JsonNode> parameters,
            TemplateRenderer renderer,
            KvLookup kv) {
        if (values == null) {
            return null;
        }
        Map<String, String> rendered = new LinkedHashMap<>();
        values.forEach((key, value) -> rendered.put(key, render(field + "." + key, value, parameters, renderer, kv)));
        return rendered;
    }

    private static String render(
            String field, String template, Map<String, JsonNode> parameters, TemplateRenderer renderer, KvLookup kv) {
        if (!TemplateRenderer.isTemplate(template)) {
            return template;
        }
        try {
            return renderer.render(template, parameters, kv);
        } catch (TemplateException e) {
            throw new ExecutionSetupException(field + ": " + e.getMessage());
        }
    }
}
