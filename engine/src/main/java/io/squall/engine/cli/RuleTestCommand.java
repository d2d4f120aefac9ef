package io.squall.engine.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.engine.MatchResult;
import io.squall.engine.RuleMatcher;
import io.squall.engine.params.ParameterException;
import io.squall.engine.params.ParameterResolver;
import io.squall.engine.template.KvLookup;
import io.squall.engine.template.TemplateRenderer;

/**
 * {@code squall rule test}: StackStorm's st2-rule-tester. For each trigger file: does the rule match (trigger type,
 * then criteria), and with which parameters would its action run. The rule is tested even when disabled, as
 * st2-rule-tester does.
 */
final class RuleTestCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Options(Path rule, String ruleName, List<Path> triggers, Path action, String actionName,
            Map<String, String> kv) {
        static Options parse(String[] args) {
            Path rule = null;
            Path action = null;
            String ruleName = null;
            String actionName = null;
            List<Path> triggers = new ArrayList<>();
            Map<String, String> kv = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (!List.of("--rule", "--rule-name", "--trigger", "--action", "--action-name", "--kv").contains(name)) {
                    throw UsageException.arguments("unknown option: " + arg);
                }
                String value;
                if (!name.equals(arg)) {
                    value = arg.substring(name.length() + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw UsageException.arguments(name + " needs a value");
                }
                switch (name) {
                    case "--rule" -> rule = Path.of(value);
                    case "--action" -> action = Path.of(value);
                    case "--rule-name" -> ruleName = value;
                    case "--action-name" -> actionName = value;
                    case "--trigger" -> triggers.add(Path.of(value));
                    default -> {
                        int eq = value.indexOf('=');
                        if (eq <= 0) {
                            throw UsageException.arguments("--kv needs KEY=VALUE, got '" + value + "'");
                        }
                        kv.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                }
            }
            if (rule == null) {
                throw UsageException.arguments("--rule is required");
            }
            if (triggers.isEmpty()) {
                throw UsageException.arguments("at least one --trigger is required");
            }
            return new Options(rule, ruleName, List.copyOf(triggers), action, actionName, Map.copyOf(kv));
        }
    }

    private final Options options;

    RuleTestCommand(Options options) {
        this.options = options;
    }

    int run(PrintStream out) {
        RuleSpec rule = ManifestFiles.rule(options.rule(), options.ruleName()).spec();
        Map<String, ParameterSpec> parameters = actionParameters(rule);
        List<ManifestFiles.TriggerFile> triggers = options.triggers().stream().map(ManifestFiles::trigger).toList();
        rule.enabled = true; // like st2-rule-tester: test the criteria even of a disabled rule

        TemplateRenderer renderer = new TemplateRenderer();
        KvLookup kv = KvLookup.of(options.kv());
        RuleMatcher matcher = new RuleMatcher(renderer, kv);
        ParameterResolver resolver = new ParameterResolver(renderer, kv);
        for (int i = 0; i < triggers.size(); i++) {
            out.println(test(rule, parameters, triggers.get(i), options.triggers().get(i), matcher, resolver));
        }
        out.flush();
        return 0;
    }

    private Map<String, ParameterSpec> actionParameters(RuleSpec rule) {
        if (options.action() == null) {
            return null;
        }
        String wanted = rule.action == null ? null : rule.action.ref;
        // by default the Action the rule runs, so a multi-document pack file works as it is
        ManifestFiles.Manifest<ActionSpec> manifest = ManifestFiles.action(options.action(),
                options.actionName() != null ? options.actionName() : wanted);
        ActionSpec action = manifest.spec();
        String name = manifest.name();
        if (name != null && wanted != null && !name.equals(wanted)) {
            throw UsageException.input(options.action() + ": this is Action '" + name + "', but the rule runs '"
                    + wanted + "'", null);
        }
        return action.parameters == null ? Map.of() : action.parameters;
    }

    private static ObjectNode test(RuleSpec rule, Map<String, ParameterSpec> spec, ManifestFiles.TriggerFile trigger,
            Path file, RuleMatcher matcher, ParameterResolver resolver) {
        ObjectNode line = JSON.createObjectNode();
        line.put("trigger", file.toString());
        String ruleType = rule.trigger == null ? null : rule.trigger.type;
        MatchResult result = trigger.type() != null && ruleType != null && !trigger.type().equals(ruleType)
                ? MatchResult.noMatch(null, "trigger type '" + trigger.type() + "' is not the rule's trigger type '"
                        + ruleType + "'")
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
