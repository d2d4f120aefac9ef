package io.squall.cli.pack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.RuleSpec;
import java.util.Map;

/**
 * A StackStorm rule (rules/NAME.yaml) as a Squall Rule: the same criteria and parameter templates, StackStorm's
 * built-in trigger types by their Squall names, the action by its Squall name (kind Workflow for a workflow of the
 * pack).
 */
final class RuleConverter {
    /** StackStorm trigger type → Squall trigger type; parameters are the same but for the webhook's url → path. */
    static final Map<String, String> TRIGGER_TYPES = Map.of(
            "core.st2.webhook", "core.webhook",
            "core.st2.IntervalTimer", "core.timer.interval",
            "core.st2.CronTimer", "core.timer.cron",
            "core.st2.DateTimer", "core.timer.date",
            "core.st2.generic.actiontrigger", "core.action.completed");

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private final ImportContext context;

    RuleConverter(ImportContext context) {
        this.context = context;
    }

    RuleSpec convert(ObjectNode rule, String file, String what) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        String description = rule.path("description").asText("");
        if (!description.isBlank()) {
            spec.put("description", description);
        }
        if (!rule.has("enabled")) {
            context.report.changed(file, what, "no 'enabled': disabled, as StackStorm's API registers it");
        }
        spec.put("enabled", rule.path("enabled").asBoolean(false));
        JsonNode type = rule.path("type").path("ref");
        if (type.isTextual()) {
            spec.put("type", type.asText());
        }
        spec.set("trigger", trigger(rule.path("trigger"), file, what));
        if (rule.has("criteria") && !rule.get("criteria").isNull()) {
            spec.set("criteria", rule.get("criteria"));
        }
        JsonNode action = rule.path("action");
        if (!action.path("ref").isTextual()) {
            throw new ActionConverter.LeftOut("the rule has no action.ref");
        }
        String ref = action.get("ref").asText();
        ObjectNode target = spec.putObject("action");
        target.put("ref", context.actionName(ref, file, what));
        if (context.kindOf(ref) == ActionKind.Workflow) {
            target.put("kind", "Workflow");
        }
        if (action.has("parameters") && !action.get("parameters").isEmpty()) {
            target.set("parameters", action.get("parameters"));
        }
        for (String key : new String[] {"tags", "context", "metadata_file"}) {
            if (rule.has(key)) {
                context.report.changed(file, what, "'" + key + "' not kept (Squall Rules have no " + key + ")");
            }
        }
        try {
            return STRICT.convertValue(spec, RuleSpec.class);
        } catch (IllegalArgumentException e) {
            throw new ActionConverter.LeftOut("not a rule Squall reads: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private ObjectNode trigger(JsonNode trigger, String file, String what) {
        if (!trigger.path("type").isTextual()) {
            throw new ActionConverter.LeftOut("the rule has no trigger.type");
        }
        String st2Type = trigger.get("type").asText();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String type = TRIGGER_TYPES.getOrDefault(st2Type, st2Type);
        out.put("type", type);
        ObjectNode parameters =
                trigger.path("parameters").isObject() ? ((ObjectNode) trigger.get("parameters")).deepCopy() : null;
        if (st2Type.equals("core.st2.webhook")) {
            if (parameters != null && parameters.has("url")) {
                parameters.set("path", parameters.remove("url"));
            }
            context.report.changed(
                    file,
                    what,
                    "core.st2.webhook is core.webhook: it needs a webhook Sensor (see "
                            + "packs/examples/hello/hello.yaml), the body is at trigger.body as in StackStorm");
        } else if (!TRIGGER_TYPES.containsKey(st2Type)
                && !context.pack.ref().equals(PackNames.packOf(st2Type))
                && st2Type.startsWith("core.")) {
            context.report.notRunnable(file, what, "trigger type " + st2Type + " has no Squall counterpart");
        } else if (!TRIGGER_TYPES.containsKey(st2Type)) {
            context.report.changed(
                    file,
                    what,
                    "trigger type " + st2Type + " comes from a StackStorm sensor: a "
                            + "Squall Sensor must emit it (spec.triggerTypes)");
        }
        if (parameters != null && !parameters.isEmpty()) {
            out.set("parameters", parameters);
        }
        return out;
    }
}
