package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** Renames the action of each Orquesta task ({@code pack.action}, with or without inline input) to its Squall name. */
final class OrquestaTasks {
    private OrquestaTasks() {}

    static void renameActions(ObjectNode workflow, ImportContext context, String file, String what) {
        JsonNode tasks = workflow.get("tasks");
        if (tasks == null || !tasks.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> task = it.next();
            if (!(task.getValue() instanceof ObjectNode t) || !t.path("action").isTextual()) {
                continue;
            }
            String action = t.get("action").asText().strip();
            int space = action.indexOf(' ');
            String ref = space < 0 ? action : action.substring(0, space);
            if (ref.contains("{{") || ref.contains("<%")) {
                context.report.notRunnable(
                        file,
                        what + " task " + task.getKey(),
                        "its action is an expression (" + ref
                                + "): Squall cannot rename the StackStorm refs it yields");
                continue;
            }
            String name = context.actionName(ref, file, what + " task " + task.getKey());
            t.put("action", space < 0 ? name : name + action.substring(space));
        }
    }
}
