package io.squall.cli.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.cli.UsageException;
import io.squall.engine.MatchResult;
import io.squall.engine.RuleMatcher;
import io.squall.engine.params.ParameterException;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code squall rule test}: StackStorm's st2-rule-tester. For each trigger file: does the rule match (trigger type,
 * then criteria), and with which parameters would its action run. The rule is tested even when disabled, as
 * st2-rule-tester does.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Tests a Rule manifest against trigger instances, offline (StackStorm's st2-rule-tester).",
            "Prints one JSON object per trigger: {\"trigger\", \"matched\", \"parameters\" | \"failedCriterion\", "
                    + "\"reason\", \"error\"}."
        },
        footer = {
            "",
            "Exit status: 0 when every trigger was tested (matching or not), 2 for bad usage or unreadable files."
        })
public final class RuleTestCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--rule",
            paramLabel = "FILE",
            description = "a Rule manifest (apiVersion squall.io/v1alpha1, kind Rule), YAML or JSON")
    Path rule;

    @Option(
            names = "--rule-name",
            paramLabel = "NAME",
            description = "pick the Rule by metadata.name from a multi-document file")
    String ruleName;

    @Option(
            names = "--trigger",
            paramLabel = "FILE",
            description =
                    "a trigger instance, JSON or YAML: the bare payload, or {type: ..., payload: ...} (repeatable)")
    List<Path> triggers = new ArrayList<>();

    @Option(
            names = "--action",
            paramLabel = "FILE",
            description = "optional Action manifest: parameters are merged "
                    + "with its defaults, cast, checked and secrets masked")
    Path action;

    @Option(
            names = "--action-name",
            paramLabel = "NAME",
            description = "pick the Action by metadata.name from a multi-document file")
    String actionName;

    @Option(
            names = "--kv",
            paramLabel = "KEY=VALUE",
            description = "a datastore value for {{ kv.system.KEY }} (repeatable)")
    List<String> kvPairs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (rule == null) {
            throw UsageException.arguments("--rule is required");
        }
        if (triggers.isEmpty()) {
            throw UsageException.arguments("at least one --trigger is required");
        }
        return run(spec.commandLine().getOut(), kv());
    }

    private Map<String, String> kv() {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String value : kvPairs) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw UsageException.arguments("--kv needs KEY=VALUE, got '" + value + "'");
            }
            kv.put(value.substring(0, eq), value.substring(eq + 1));
        }
        return kv;
    }

    private int run(PrintWriter out, Map<String, String> kvValues) {
        RuleSpec ruleSpec = ManifestFiles.rule(rule, ruleName).spec();
        Map<String, ParameterSpec> parameters = actionParameters(ruleSpec);
        List<ManifestFiles.TriggerFile> triggerFiles =
                triggers.stream().map(ManifestFiles::trigger).toList();
        ruleSpec.enabled = true; // like st2-rule-tester: test the criteria even of a disabled rule

        TemplateRenderer renderer = new TemplateRenderer();
        KvLookup kv = KvLookup.of(kvValues);
        RuleMatcher matcher = new RuleMatcher(renderer, kv);
        ParameterResolver resolver = new ParameterResolver(renderer, kv);
        for (int i = 0; i < triggerFiles.size(); i++) {
            out.println(test(ruleSpec, parameters, triggerFiles.get(i), triggers.get(i), matcher, resolver));
        }
        out.flush();
        return 0;
    }

    private Map<String, ParameterSpec> actionParameters(RuleSpec ruleSpec) {
        if (action == null) {
            return null;
        }
        String wanted = ruleSpec.action == null ? null : ruleSpec.action.ref;
        // by default the Action the rule runs, so a multi-document pack file works as it is
        ManifestFiles.Manifest<ActionSpec> manifest =
                ManifestFiles.action(action, actionName != null ? actionName : wanted);
        ActionSpec actionSpec = manifest.spec();
        String name = manifest.name();
        if (name != null && wanted != null && !name.equals(wanted)) {
            throw UsageException.input(
                    action + ": this is Action '" + name + "', but the rule runs '" + wanted + "'", null);
        }
        return actionSpec.parameters == null ? Map.of() : actionSpec.parameters;
    }

    private static ObjectNode test(
            RuleSpec rule,
            Map<String, ParameterSpec> spec,
            ManifestFiles.TriggerFile trigger,
            Path file,
            RuleMatcher matcher,
            ParameterResolver resolver) {
        ObjectNode line = JSON.createObjectNode();
        line.put("trigger", file.toString());
        String ruleType = rule.trigger == null ? null : rule.trigger.type;
        MatchResult result = trigger.type() != null
                        && ruleType != null
                        && !trigger.type().equals(ruleType)
                ? MatchResult.noMatch(
                        null, "trigger type '" + trigger.type() + "' is not the rule's trigger type '" + ruleType + "'")
                : matcher.match(rule, trigger.payload());
        line.put("matched", result.matched());
        if (!result.matched()) {
            if (result.failedCriterion() != null) {
                line.put("failedCriterion", result.failedCriterion());
            }
            line.put("reason", result.reason());
            if (result.error()) {
                line.put("criterionError", true);
            }
            return line;
        }
        Map<String, JsonNode> given = rule.action == null ? null : rule.action.parameters;
        try {
            Map<String, JsonNode> resolved = resolver.resolve(given, spec, Map.of("trigger", trigger.payload()));
            line.set("parameters", JSON.valueToTree(ParameterResolver.mask(resolved, spec)));
        } catch (ParameterException e) {
            line.put("error", e.getMessage());
        }
        return line;
    }
}
