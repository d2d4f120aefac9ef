package io.squall.sensors.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.squall.api.messages.Json;
import org.junit.jupiter.api.Test;

class PolledItemsTest {
    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void findsItemsAtADottedPathWithTheirKeys() throws Exception {
        var extraction = PolledItems.extract(
                json("{\"data\": {\"items\": [{\"meta\": {\"uid\": \"u1\"}}, {\"meta\": {\"uid\": 5}}]}}"),
                "data.items",
                "meta.uid");
        assertThat(extraction.items()).extracting(PolledItems.Item::key).containsExactly("u1", "5");
        assertThat(extraction.problems()).isEmpty();
    }

    @Test
    void theContentHashIgnoresKeyOrderButNotValues() throws Exception {
        var a = PolledItems.extract(json("[{\"id\": 1, \"x\": {\"p\": 1, \"q\": 2}}]"), null, "id")
                .items()
                .get(0);
        var b = PolledItems.extract(json("[{\"x\": {\"q\": 2, \"p\": 1}, \"id\": 1}]"), null, "id")
                .items()
                .get(0);
        var c = PolledItems.extract(json("[{\"id\": 1, \"x\": {\"p\": 1, \"q\": 3}}]"), null, "id")
                .items()
                .get(0);
        assertThat(a.contentHash()).isEqualTo(b.contentHash()).isNotEqualTo(c.contentHash());
    }

    @Test
    void itemsWithoutOrWithARepeatedKeyAreSkippedWithAReason() throws Exception {
        var extraction = PolledItems.extract(json("[{\"id\": 1}, {\"name\": \"no id\"}, {\"id\": 1}]"), null, "id");
        assertThat(extraction.items()).hasSize(1);
        assertThat(extraction.problems())
                .containsExactly("item 1 has no 'id' (poll.key); skipped", "item 2 repeats key '1'; skipped");
    }

    @Test
    void aPathThatIsNotAListIsAnErrorNamingIt() throws Exception {
        assertThatThrownBy(() -> PolledItems.extract(json("{\"data\": {}}"), "data.items", "id"))
                .hasMessageContaining("poll.itemsPath 'data.items' is not in the document");
        assertThatThrownBy(() -> PolledItems.extract(json("{\"data\": {}}"), null, "id"))
                .hasMessageContaining("set poll.itemsPath");
        assertThatThrownBy(() -> PolledItems.extract(json("{\"data\": 3}"), "data", "id"))
                .hasMessageContaining("poll.itemsPath 'data' is number, not a list");
    }
}
