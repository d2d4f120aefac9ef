package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.ActionSpec;
import io.squall.api.v1alpha1.RuleSpec;
import io.squall.api.v1alpha1.WorkflowSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a StackStorm pack directory into Squall manifests: the config schema, then the actions (every
 * action's kind known first, so workflows and rules can point at them), the policies onto their actions, the
 * rules, and a report entry for each part of the pack Squall has no counterpart for.
 */
public final class PackImporter {
    /** Runners Squall has no counterpart for, with why. */
    private static final Map<String, String> UNSUPPORTED_RUNNERS = Map.of(
            "remote-shell-cmd", "remote runner (SSH): Squall runs actions in runner pods, not over SSH",
            "remote-shell-script", "remote runner (SSH): Squall runs actions in runner pods, not over SSH",
            "winrm-cmd", "WinRM runner: Squall runs actions in Linux runner pods",
            "winrm-ps-cmd", "WinRM runner: Squall runs actions in Linux runner pods",
            "winrm-ps-script", "WinRM runner: Squall runs actions in Linux runner pods",
            "inquirer", "inquirer runner: Squall has no inquiries yet",
            "announcement", "announcement runner: Squall has no announcements",
            "mistral-v2", "Mistral workflows were removed from StackStorm 3.3: convert it to Orquesta");
    /** Pack content directories Squall does not import, with why. */
    private static final Map<String, String> UNSUPPORTED_CONTENT = Map.of(
            "sensors",
                    "StackStorm sensors are Python processes; Squall's Sensors are resources (webhook, timer, "
                            + "poll, kubernetes events): write a Sensor that emits its trigger types",
            "aliases", "action aliases (ChatOps) are not part of Squall",
            "triggers", "trigger types are declared on Squall Sensors (spec.triggerTypes)");

    private PackImporter() {}

    public static ImportedPack importPack(Path dir) {
        StackStormPack pack = StackStormPack.read(dir);
        ImportReport report = new ImportReport();
        ImportedPack out = new ImportedPack(pack.ref(), report);
        ImportContext context = new ImportContext(pack, report);
        new ConfigConverter(context, out).convert();
        List<ActionFile> actions = readActions(context);
        convertActions(context, out, actions);
        convertPolicies(context, out);
        convertRules(context, out);
        UNSUPPORTED_CONTENT.keySet().stream()
                .sorted()
                .forEach(subdir -> pack.files(subdir)
                        .forEach(f -> report.leftOut(pack.relative(f), subdir, UNSUPPORTED_CONTENT.get(subdir))));
        return out;
    }

    /** An action metadata file: its ref, runner and contents. */
    private record ActionFile(String file, String ref, String name, String runner, JsonNode meta) {}

    private static List<ActionFile> readActions(ImportContext context) {
        StackStormPack pack = context.pack;
        List<Path> files = pack.yamlFiles("actions");
        List<JsonNode> metas = files.stream().map(pack::yaml).toList();
        // a chain or workflow definition may sit in actions/ beside the metadata that names it as its entry point
        Set<String> entryPoints = new HashSet<>();
        metas.forEach(m -> entryPoints.add(m.path("entry_point").asText("")));
        List<ActionFile> actions = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String file = pack.relative(files.get(i));
            JsonNode meta = metas.get(i);
            if (entryPoints.contains(files.get(i).getFileName().toString())) {
                continue;
            }
            if (!meta.path("runner_type").isTextual() || !meta.path("name").isTextual()) {
                context.report.leftOut(file, "action", "not action metadata: it needs name and runner_type");
                continue;
            }
            String name = meta.get("name").asText();
            String ref = pack.ref() + "." + name;
            String runner = meta.get("runner_type").asText();
            if (runner.equals("orquesta") || runner.equals("action-chain")) {
                context.packActions.put(ref, ActionKind.Workflow);
            } else if (ActionConverter.handles(runner)) {
                context.packActions.put(ref, ActionKind.Action);
            } else {
                String why = UNSUPPORTED_RUNNERS.getOrDefault(runner, "unknown runner type '" + runner + "'");
                context.leftOutActions.put(ref, why);
                context.report.leftOut(file, "action " + ref, why);
                continue;
            }
            actions.add(new ActionFile(file, ref, name, runner, meta));
        }
        return actions;
    }

    private static void convertActions(ImportContext context, ImportedPack out, List<ActionFile> actions) {
        ActionConverter actionConverter = new ActionConverter(context, out);
        WorkflowConverter workflowConverter = new WorkflowConverter(context);
        Map<String, String> names = new HashMap<>();
        // plain actions first: a workflow then knows which of the actions its tasks run were left out
        List<ActionFile> ordered = new ArrayList<>(actions);
        ordered.sort(Comparator.comparing(a -> context.packActions.get(a.ref()) == ActionKind.Workflow));
        for (ActionFile a : ordered) {
            String what = "action " + a.ref();
            String name = context.resourceName(a.name());
            boolean workflow = context.packActions.get(a.ref()) == ActionKind.Workflow;
            String taken = names.putIfAbsent((workflow ? "Workflow/" : "Action/") + name, a.ref());
            if (taken != null) {
                leftOut(context, a, "its Kubernetes name " + name + " is the one of " + taken);
                continue;
            }
            try {
                if (workflow) {
                    WorkflowSpec spec = workflowConverter.convert(a.meta(), a.runner(), a.file(), what);
                    out.workflows.put(a.ref(), new ImportedPack.Named<>(name, spec));
                    out.report.converted("Workflow " + name + " (" + a.runner() + ", " + a.file() + ")");
                } else {
                    ActionSpec spec = actionConverter.convert(a.meta(), a.runner(), a.file(), what);
                    out.actions.put(a.ref(), new ImportedPack.Named<>(name, spec));
                    out.report.converted("Action " + name + " (" + a.runner() + ", " + a.file() + ")");
                }
            } catch (ActionConverter.LeftOut e) {
                leftOut(context, a, e.getMessage());
            }
        }
    }

    private static void leftOut(ImportContext context, ActionFile a, String why) {
        context.packActions.remove(a.ref());
        context.leftOutActions.put(a.ref(), why);
        context.report.leftOut(a.file(), "action " + a.ref(), why);
    }

    private static void convertPolicies(ImportContext context, ImportedPack out) {
        PolicyConverter converter = new PolicyConverter(context, out);
        for (Path f : context.pack.yamlFiles("policies")) {
            String file = context.pack.relative(f);
            JsonNode policy = context.pack.yaml(f);
            String what = "policy " + policy.path("name").asText(f.getFileName().toString());
            try {
                out.report.converted("policy " + converter.apply(policy, file) + " (" + file + ")");
            } catch (ActionConverter.LeftOut e) {
                context.report.leftOut(file, what, e.getMessage());
            }
        }
    }

    private static void convertRules(ImportContext context, ImportedPack out) {
        RuleConverter converter = new RuleConverter(context);
        Set<String> names = new HashSet<>();
        for (Path f : context.pack.yamlFiles("rules")) {
            String file = context.pack.relative(f);
            JsonNode rule = context.pack.yaml(f);
            if (!(rule instanceof ObjectNode r) || !rule.path("name").isTextual()) {
                context.report.leftOut(file, "rule", "not a rule: it needs a name, a trigger and an action");
                continue;
            }
            String name = context.resourceName(r.get("name").asText());
            String what = "rule " + context.pack.ref() + "." + r.get("name").asText();
            if (!names.add(name)) {
                context.report.leftOut(file, what, "its Kubernetes name " + name + " is taken by another rule");
                continue;
            }
            try {
                RuleSpec spec = converter.convert(r, file, what);
                out.rules.add(new ImportedPack.Named<>(name, spec));
                out.report.converted("Rule " + name + " (" + file + ")");
            } catch (ActionConverter.LeftOut e) {
                context.report.leftOut(file, what, e.getMessage());
            }
        }
    }
}
