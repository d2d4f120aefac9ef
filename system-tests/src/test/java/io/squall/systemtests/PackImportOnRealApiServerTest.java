package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.squall.cli.SquallCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/squall pack import} of the StackStorm pack layouts in cli/src/test/resources/st2-packs, then what its
 * report tells the user to do: {@code kubectl apply -k OUTDIR}, with the real kubectl on a real kube-apiserver
 * that has Squall's CRDs. Every object is accepted and read back with every field the import wrote (the CRD schemas
 * prune what they do not know, and kubectl reads YAML 1.1).
 */
class PackImportOnRealApiServerTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    private static final Path PACKS = SquallRepository.root().resolve("cli/src/test/resources/st2-packs");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @BeforeAll
    static void installCrdsWithKubectl() throws IOException {
        apiServer.kubectl("apply", "-f", SquallRepository.crds().toString()).requireSuccess();
        List<CustomResourceDefinition> applied = new ArrayList<>();
        for (Path file : ManifestFiles.kubectlFiles(SquallRepository.crds())) {
            applied.add(SERIALIZATION.unmarshal(Files.readString(file), CustomResourceDefinition.class));
        }
        apiServer.awaitServed(applied);
    }

    @Test
    void everyImportedPackAppliesWithKubectlAndKeepsEveryField() throws IOException {
        Map<String, Integer> packs = Map.of("monitoring", 1, "deploy", 1, "webops", 0);
        List<String> failures = new ArrayList<>();
        for (String pack : packs.keySet().stream().sorted().toList()) {
            String namespace = "import-" + pack;
            Path out = apiServer.workDir().resolve("import-" + pack);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            int status = SquallCli.run(
                    new String[] {
                        "pack", "import", PACKS.resolve(pack).toString(), "-o", out.toString(), "-n", namespace
                    },
                    new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));
            assertThat(status).as(pack + ": " + stdout + stderr).isEqualTo(packs.get(pack));

            apiServer.kubectl("create", "namespace", namespace).requireSuccess();
            Kubectl.Result applied =
                    apiServer.kubectl("apply", "-k", out.toString()).requireSuccess();
            int objects = 0;
            for (String file : resources(out)) {
                for (JsonNode doc : documents(out.resolve(file))) {
                    objects++;
                    String kind = doc.path("kind").asText();
                    String name = doc.path("metadata").path("name").asText();
                    String what = pack + ": " + file + ": " + kind + " " + name;
                    String group = doc.path("apiVersion").asText().startsWith("squall.io/") ? ".squall.io" : "";
                    if (!applied.lines().contains(kind.toLowerCase() + group + "/" + name + " created")) {
                        failures.add(what + ": kubectl apply -k did not create it: " + applied.stdout());
                        continue;
                    }
                    JsonNode stored = JSON.readTree(apiServer
                            .kubectl("get", "-n", namespace, "-o", "json", kind.toLowerCase() + group, name)
                            .requireSuccess()
                            .stdout());
                    failures.addAll(kept(what, doc, stored));
                }
            }
            assertThat(objects).as(pack + " objects").isGreaterThanOrEqualTo(4);
        }
        assertThat(failures)
                .as("imported objects kubectl refused or the API server did not keep")
                .isEmpty();
    }

    private static List<String> kept(String what, JsonNode doc, JsonNode stored) {
        List<String> failures = new ArrayList<>();
        if (!stored.path("metadata").path("labels").path("squall.io/pack").isTextual()) {
            failures.add(what + ": lost its squall.io/pack label");
        }
        switch (doc.path("kind").asText()) {
            case "ConfigMap" ->
                JsonFields.missingFromBuiltIn("", doc.path("data"), stored.path("data"))
                        .forEach(p -> failures.add(what + ": data" + p + " not kept"));
            case "Secret" ->
                doc.path("stringData").fields().forEachRemaining(e -> {
                    String value = new String(
                            Base64.getDecoder()
                                    .decode(stored.path("data").path(e.getKey()).asText("")),
                            StandardCharsets.UTF_8);
                    if (!value.equals(e.getValue().asText())) {
                        failures.add(what + ": stringData." + e.getKey() + " is '" + value + "' on the server");
                    }
                });
            default ->
                JsonFields.missing("", doc.path("spec"), stored.path("spec"))
                        .forEach(p -> failures.add(what + ": spec" + p + " not kept as written"));
        }
        return failures;
    }

    private static List<String> resources(Path out) throws IOException {
        List<String> files = new ArrayList<>();
        YAML.readTree(out.resolve("kustomization.yaml").toFile())
                .path("resources")
                .forEach(r -> files.add(r.asText()));
        return files;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> docs =
                    new ArrayList<>(YAML.readValues(parser, JsonNode.class).readAll());
            docs.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
            return docs;
        }
    }
}
