package io.squall.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A StackStorm action chain ({@code chain: [{name, ref, parameters, on-success, on-failure, publish}], default,
 * vars}) as an Orquesta workflow: each link a task whose result is published under the link's name, on-success and
 * on-failure as transitions on succeeded() and failed() (the result and publish kept either way, as the chain
 * runner does; a failure with no on-failure fails the workflow, as it ends the chain), the published variables as the output.
 * A chain's Jinja sees the parameters, vars, published variables and earlier results by bare name; Orquesta's sees
 * them through ctx(), so those names are rewritten to {@code ctx().name}.
 */
final class ActionChainConverter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", Pattern.DOTALL);
    private static final Pattern ST2KV = Pattern.compile("\\bst2kv\\.system\\.([\\w.]+)");

    private final ImportContext context;

    ActionChainConverter(ImportContext context) {
        this.context = context;
    }

    ObjectNode convert(ObjectNode chainFile, Set<String> parameters, String file, String what) {
        JsonNode chain = chainFile.get("chain");
        if (chain == null || !chain.isArray() || chain.isEmpty()) {
            throw new ActionConverter.LeftOut(file + ": an action chain needs a non-empty 'chain' list");
        }
        Map<String, ObjectNode> links = new LinkedHashMap<>();
        for (JsonNode link : chain) {
            if (!(link instanceof ObjectNode l)
                    || !l.path("name").isTextual()
                    || !l.path("ref").isTextual()) {
                throw new ActionConverter.LeftOut(file + ": every chain link needs a name and a ref, found " + link);
            }
            links.put(l.get("name").asText(), l);
        }
        String start =
                chainFile.path("default").asText(links.keySet().iterator().next());
        if (!links.containsKey(start)) {
            throw new ActionConverter.LeftOut(file + ": default '" + start + "' is not a link of the chain");
        }
        Set<String> names = new LinkedHashSet<>(parameters);
        chainFile.path("vars").fieldNames().forEachRemaining(names::add);
        links.values().forEach(l -> l.path("publish").fieldNames().forEachRemaining(names::add));
        names.addAll(links.keySet());

        ObjectNode workflow = NODES.objectNode();
        workflow.put("version", "1.0");
        if (!parameters.isEmpty()) {
            ArrayNode input = workflow.putArray("input");
            parameters.forEach(input::add);
        }
        ArrayNode vars = NODES.arrayNode();
        chainFile
                .path("vars")
                .fields()
                .forEachRemaining(v -> vars.addObject().set(v.getKey(), rewrite(v.getValue(), names)));
        links.values()
                .forEach(l -> l.path("publish")
                        .fieldNames()
                        .forEachRemaining(p -> vars.addObject().putNull(p)));
        links.keySet().forEach(n -> vars.addObject().putNull(n));
        workflow.set("vars", vars);

        ObjectNode tasks = workflow.putObject("tasks");
        Set<String> reachable = reachable(start, links, file);
        for (String name : reachable) {
            tasks.set(name, task(links.get(name), names, file));
        }
        links.keySet().stream()
                .filter(n -> !reachable.contains(n))
                .forEach(n -> context.report.changed(
                        file,
                        what + " link " + n,
                        "no on-success/on-failure leads to it from '" + start
                                + "', so it never runs in the chain; not converted (Orquesta would start it)"));
        if (links.get(start).has("name") && incoming(start, links)) {
            throw new ActionConverter.LeftOut(file + ": the chain loops back to its first link '" + start
                    + "'; Orquesta starts with the tasks nothing leads to");
        }
        ArrayNode output = NODES.arrayNode();
        links.values()
                .forEach(l -> l.path("publish")
                        .fieldNames()
                        .forEachRemaining(p -> output.addObject().put(p, "{{ ctx()." + p + " }}")));
        if (!output.isEmpty()) {
            workflow.set("output", output);
        }
        context.report.changed(
                file,
                what,
                "action chain converted to Orquesta: the result is the output "
                        + "(the published variables), not {tasks, published}");
        return workflow;
    }

    private ObjectNode task(ObjectNode link, Set<String> names, String file) {
        String name = link.get("name").asText();
        ObjectNode task = NODES.objectNode();
        task.put("action", link.get("ref").asText());
        if (link.has("parameters") && !link.get("parameters").isEmpty()) {
            task.set("input", rewrite(link.get("parameters"), names));
        }
        // as the chain runner does, the result and the publish of a link are kept whether it succeeded or failed;
        // a failure with no on-failure needs no transition: the Orquesta task fails the workflow, as the chain ends
        ArrayNode next = NODES.arrayNode();
        if (link.path("on-success").isTextual() || link.has("publish")) {
            ObjectNode success = next.addObject();
            success.put("when", "{{ succeeded() }}");
            success.set("publish", publish(link, names));
            if (link.path("on-success").isTextual()) {
                success.put("do", link.get("on-success").asText());
            }
        }
        if (link.path("on-failure").isTextual()) {
            ObjectNode failure = next.addObject();
            failure.put("when", "{{ failed() }}");
            failure.set("publish", publish(link, names));
            failure.put("do", link.get("on-failure").asText());
        }
        if (!next.isEmpty()) {
            task.set("next", next);
        }
        if (link.has("notify")) {
            context.report.changed(file, "link " + name, "notify not kept (Squall has no notifications)");
        }
        return task;
    }

    private static ArrayNode publish(ObjectNode link, Set<String> names) {
        ArrayNode publish = NODES.arrayNode();
        publish.addObject().put(link.get("name").asText(), "{{ result() }}");
        link.path("publish")
                .fields()
                .forEachRemaining(p -> publish.addObject().set(p.getKey(), rewrite(p.getValue(), names)));
        return publish;
    }

    private Set<String> reachable(String start, Map<String, ObjectNode> links, String file) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            for (String key : List.of("on-success", "on-failure")) {
                JsonNode to = links.get(n).get(key);
                if (to != null && to.isTextual()) {
                    if (!links.containsKey(to.asText())) {
                        throw new ActionConverter.LeftOut(file + ": link '" + n + "' " + key + " '" + to.asText()
                                + "' is not a link of the chain");
                    }
                    todo.add(to.asText());
                }
            }
        }
        return seen;
    }

    private static boolean incoming(String start, Map<String, ObjectNode> links) {
        return links.values().stream()
                .anyMatch(l -> start.equals(l.path("on-success").asText(null))
                        || start.equals(l.path("on-failure").asText(null)));
    }

    /** Every string of a value with the chain's bare names inside {{ }} and {% %} read through ctx(). */
    static JsonNode rewrite(JsonNode value, Set<String> names) {
        if (value.isTextual()) {
            return TextNode.valueOf(rewrite(value.asText(), names));
        }
        if (value.isArray()) {
            ArrayNode a = NODES.arrayNode();
            value.forEach(v -> a.add(rewrite(v, names)));
            return a;
        }
        if (value.isObject()) {
            ObjectNode o = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                o.set(e.getKey(), rewrite(e.getValue(), names));
            }
            return o;
        }
        return value;
    }

    static String rewrite(String text, Set<String> names) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            boolean statement = m.group(1) == null;
            String body = statement ? m.group(2) : m.group(1);
            body = ST2KV.matcher(body).replaceAll("st2kv('system.$1')");
            for (String name : names) {
                body = body.replaceAll(
                        "(?<![\\w.'\"])" + Pattern.quote(name) + "\\b(?!\\s*\\()",
                        Matcher.quoteReplacement("ctx()." + name));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(statement ? "{%" + body + "%}" : "{{" + body + "}}"));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
