package io.squall.sensors.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.sensors.SensorIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Finds the items of a polled document (itemsPath) and their identity (key) and content hash. */
public final class PolledItems {
    /** One item: its key (the dedupe identity), the item itself, and the hash of its content. */
    public record Item(String key, JsonNode item, String contentHash) {}

    /** The usable items, and why the others were skipped. */
    public record Extraction(List<Item> items, List<String> problems) {}

    private PolledItems() {}

    /** @throws IllegalArgumentException when itemsPath does not lead to a list */
    public static Extraction extract(JsonNode document, String itemsPath, String keyPath) {
        JsonNode list = itemsPath == null ? document : at(document, itemsPath);
        if (list == null || list.isMissingNode() || list.isNull()) {
            throw new IllegalArgumentException("poll.itemsPath '" + itemsPath + "' is not in the document");
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(
                    (itemsPath == null ? "the polled document" : "poll.itemsPath '" + itemsPath + "'")
                            + " is " + list.getNodeType().name().toLowerCase() + ", not a list"
                            + (itemsPath == null ? " (set poll.itemsPath to the list inside it)" : ""));
        }
        List<Item> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            JsonNode keyNode = at(item, keyPath);
            if (keyNode == null || keyNode.isMissingNode() || keyNode.isNull()) {
                problems.add("item " + i + " has no '" + keyPath + "' (poll.key); skipped");
                continue;
            }
            String key = keyNode.isValueNode() ? keyNode.asText() : keyNode.toString();
            if (!keys.add(key)) {
                problems.add("item " + i + " repeats key '" + key + "'; skipped");
                continue;
            }
            items.add(new Item(key, item, SensorIds.contentHash(item)));
        }
        return new Extraction(List.copyOf(items), List.copyOf(problems));
    }

    /** Dotted path: object fields by name, list elements by index (items.0.id). */
    static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String segment : path.split("\\.")) {
            if (current == null) {
                return null;
            }
            if (current.isArray() && segment.chars().allMatch(Character::isDigit) && !segment.isEmpty()) {
                current = current.get(Integer.parseInt(segment));
            } else {
                current = current.get(segment);
            }
        }
        return current;
    }
}
