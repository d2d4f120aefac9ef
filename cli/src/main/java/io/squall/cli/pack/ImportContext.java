package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.PackConfigRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every converter of one import shares: the pack, the report, which refs this pack defines (and whether each
 * becomes an Action or a Workflow), and the pack config schema.
 */
final class ImportContext {
    /** StackStorm core actions Squall ships in packs/core (as core-local, ...). */
    static final Set<String> SQUALL_CORE_ACTIONS = Set.of("core.local", "core.echo", "core.http", "core.noop");

    final StackStormPack pack;
    final ImportReport report;
    /** ref → kind of every action of the pack that is converted (filled before any action is converted). */
    final Map<String, ActionKind> packActions = new LinkedHashMap<>();
    /** ref → why it was left out, for the action refs of this pack that are not converted. */
    final Map<String, String> leftOutActions = new LinkedHashMap<>();
    /** config.schema.yaml, key → its schema ({type, default, secret, ...}); empty without one. */
    final Map<String, JsonNode> configSchema = new LinkedHashMap<>();
    /** The ConfigMap and Secret the pack config became (python actions' self.config); null when none. */
    PackConfigRef packConfig;

    ImportContext(StackStormPack pack, ImportReport report) {
        this.pack = pack;
        this.report = report;
    }

    /**
     * The Kubernetes name an action reference becomes, saying in the report when it points outside the pack (a
     * StackStorm core action Squall has, one it has not, another pack) or at an action of the pack that was left out.
     */
    String actionName(String ref, String file, String what) {
        String name = PackNames.resource(ref);
        if (packActions.containsKey(ref)) {
            return name;
        }
        if (leftOutActions.containsKey(ref)) {
            report.notRunnable(file, what, "runs " + ref + ", which was left out (" + leftOutActions.get(ref) + ")");
        } else if (SQUALL_CORE_ACTIONS.contains(ref)) {
            report.changed(
                    file,
                    what,
                    "runs " + ref + " as " + name + " from Squall's packs/core "
                            + "(kubectl apply -f packs/core/ in the same namespace)");
        } else if ("core".equals(PackNames.packOf(ref))) {
            report.notRunnable(
                    file,
                    what,
                    "runs " + ref + ", which Squall's core pack does not have (it has "
                            + String.join(
                                    ", ", SQUALL_CORE_ACTIONS.stream().sorted().toList()) + ")");
        } else if (PackNames.packOf(ref) == null) {
            report.notRunnable(file, what, "runs '" + ref + "', which is not a pack.action reference");
        } else {
            report.changed(
                    file,
                    what,
                    "runs " + ref + " of pack " + PackNames.packOf(ref) + " as " + name
                            + ": import that pack into the same namespace too");
        }
        return name;
    }

    /** Workflow when the ref is an orquesta or action-chain action of this pack, else Action. */
    ActionKind kindOf(String ref) {
        return packActions.getOrDefault(ref, ActionKind.Action);
    }

    String resourceName(String name) {
        return PackNames.resource(pack.ref() + "." + name);
    }
}
