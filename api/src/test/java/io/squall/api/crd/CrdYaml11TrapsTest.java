package io.squall.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No CRD in crds/ or the chart says {@code on}, {@code yes}, {@code null}... unquoted where kubectl would read a
 * boolean or null instead of the name (issue #12: {@code retry.on} became a property {@code "true"} on a real cluster).
 */
class CrdYaml11TrapsTest {

    @Test
    void committedCrdsHaveNoUnquotedYaml11BooleanOrNullNames() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(
                CrdFilesUpToDateTest.root().resolve("crds"),
                CrdFilesUpToDateTest.root().resolve("helm/squall/crds"))) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        assertThat(files).as("CRD files in crds/ and helm/squall/crds/").hasSizeGreaterThanOrEqualTo(10);

        List<Yaml11Traps.Trap> traps = new ArrayList<>();
        for (Path file : files) {
            traps.addAll(Yaml11Traps.find(
                    CrdFilesUpToDateTest.root().relativize(file).toString(), Files.readString(file)));
        }
        assertThat(traps)
                .as("YAML 1.1 boolean/null words kubectl would not read as names")
                .isEmpty();
    }

    @Test
    void findsUnquotedPropertyNamesEnumAndRequiredValuesInAnyCase() {
        String yaml = """
                spec:
                  properties:
                    on: {type: array}
                    "off": {type: string}
                    Yes: {type: string}
                    name:
                      type: string
                      enum: [a, NO, "n", ~]
                  required: [y, name, 'true']
                  x-kubernetes-preserve-unknown-fields: true
                """;

        assertThat(Yaml11Traps.find("crd.yml", yaml))
                .extracting(Object::toString)
                .containsExactly(
                        "crd.yml:3:5: property name on at spec.properties is unquoted: YAML 1.1 (kubectl) reads it as the "
                                + "boolean true; quote it or rename it",
                        "crd.yml:5:5: property name Yes at spec.properties is unquoted: YAML 1.1 (kubectl) reads it as the "
                                + "boolean true; quote it or rename it",
                        "crd.yml:8:17: enum value NO at spec.properties.name.enum is unquoted: YAML 1.1 (kubectl) reads it as "
                                + "the boolean false; quote it or rename it",
                        "crd.yml:8:26: enum value ~ at spec.properties.name.enum is unquoted: YAML 1.1 (kubectl) reads it as "
                                + "null; quote it or rename it",
                        "crd.yml:9:14: required value y at spec.required is unquoted: YAML 1.1 (kubectl) reads it as the "
                                + "boolean true; quote it or rename it");
    }

    @Test
    void wordsThatOnlyContainATrapWordAreFine() {
        assertThat(Yaml11Traps.find("crd.yml", "properties:\n  retryOn: {}\n  none: {}\n  yesterday: {}\n  nil: {}\n"))
                .isEmpty();
    }
}
