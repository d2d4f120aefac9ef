package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a new user does first, with the real kubectl and its client-side validation on (issue #12): {@code kubectl
 * apply -f crds/}, then every manifest under packs/ ({@code apply}, or {@code create} for a file whose objects use
 * {@code generateName}, as the README says), and reads each object back: every field kubectl sent is kept, with its
 * name and value. kubectl reads YAML 1.1, the CRD generator and Fabric8 write and read YAML 1.2: a bare {@code on:}
 * in a CRD became a property {@code "true"}, and the packs' {@code retry.on} was refused. New files under packs/ are
 * covered as they come.
 */
class PacksWithKubectlOnRealApiServerTest {

    @RegisterExtension
    static final KubeApiServerSupport apiServer = new KubeApiServerSupport();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Duration PUBLISHED = Duration.ofSeconds(90);
    private static int namespaces;

    @BeforeAll
    static void applyCrdsWithKubectl() throws IOException {
        String crds = SquallRepository.crds().toString();
        apiServer.kubectl("apply", "--validate=true", "-f", crds).requireSuccess();
        List<CustomResourceDefinition> applied = new ArrayList<>();
        for (Path file : ManifestFiles.kubectlFiles(SquallRepository.crds())) {
            applied.add(SERIALIZATION.unmarshal(Files.readString(file), CustomResourceDefinition.class));
        }
        apiServer.awaitServed(applied);
        awaitPublishedInOpenApi(applied);
    }

    /**
     * kubectl validates against the API server's OpenAPI document, which lists a new CRD's schema a few seconds after
     * the CRD is Established. Until then kubectl validates nothing about it (a pack applied at once would pass with
     * any field): wait for every kind's definition.
     */
    private static void awaitPublishedInOpenApi(List<CustomResourceDefinition> crds) {
        Set<String> definitions = new LinkedHashSet<>();
        for (CustomResourceDefinition crd : crds) {
            List<String> group =
                    new ArrayList<>(List.of(crd.getSpec().getGroup().split("\\.")));
            Collections.reverse(group);
            crd.getSpec()
                    .getVersions()
                    .forEach(version -> definitions.add(String.join(".", group) + "." + version.getName() + "."
                            + crd.getSpec().getNames().getKind()));
        }
        await("the CRDs' schemas in /openapi/v2: " + definitions)
                .atMost(PUBLISHED)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode openApi = JSON.readTree(apiServer.client().raw("/openapi/v2"));
                    return definitions.stream()
                            .allMatch(name -> openApi.path("definitions").has(name));
                });
    }

    @Test
    void kubectlReadsEveryCrdAsTheGeneratorWroteItAndTheServerKeepsIt() throws IOException {
        List<String> failures = new ArrayList<>();
        List<Path> files = ManifestFiles.kubectlFiles(SquallRepository.crds());
        assertThat(files).as("CRD files in crds/").hasSizeGreaterThanOrEqualTo(5);
        for (Path file : files) {
            String name = SquallRepository.root().relativize(file).toString();
            // what the generator meant: Fabric8 (Jackson) reads YAML 1.2, as it wrote it
            JsonNode meant = SERIALIZATION.convertValue(
                    SERIALIZATION.unmarshal(Files.readString(file), GenericKubernetesResource.class), JsonNode.class);
            JsonNode read = single(name, parsedByKubectl(file, null));
            JsonFields.missing("", meant.path("spec"), read.path("spec"))
                    .forEach(path -> failures.add(name + ": kubectl does not read spec" + path
                            + " as written (YAML 1.1: quote or rename it)"));
            JsonFields.missing("", read.path("spec"), meant.path("spec"))
                    .forEach(path -> failures.add(
                            name + ": kubectl reads a spec" + path + " that the file does not mean (YAML 1.1)"));
            JsonNode stored = JSON.readTree(apiServer
                    .kubectl("get", "-o", "json", "-f", file.toString())
                    .requireSuccess()
                    .stdout());
            JsonFields.missingFromBuiltIn("", read.path("spec"), stored.path("spec"))
                    .forEach(path -> failures.add(name + ": the API server did not keep spec" + path));
        }
        assertThat(failures).as("CRDs as kubectl installs them").isEmpty();
    }

    @Test
    void theReadmeCommandsSucceedWithValidationOn() {
        apiServer.kubectl("create", "namespace", "readme").requireSuccess();
        Path packs = SquallRepository.packs();
        Kubectl.Result applied = apiServer
                .kubectl(
                        "apply",
                        "--validate=true",
                        "-n",
                        "readme",
                        "-f",
                        packs.resolve("core").toString(),
                        "-f",
                        SquallRepository.examples().toString())
                .requireSuccess();
        Kubectl.Result hello = apiServer
                .kubectl(
                        "apply",
                        "--validate=true",
                        "-n",
                        "readme",
                        "-f",
                        SquallRepository.examples().resolve("hello").toString())
                .requireSuccess();
        Kubectl.Result run = apiServer
                .kubectl(
                        "create",
                        "--validate=true",
                        "-n",
                        "readme",
                        "-f",
                        SquallRepository.examples()
                                .resolve("executions/hello-run.yaml")
                                .toString())
                .requireSuccess();

        assertThat(applied.lines())
                .contains(
                        "action.squall.io/core-http created",
                        "action.squall.io/asg-scale created",
                        "workflow.squall.io/handle-critical-alert created",
                        "rule.squall.io/app-critical created",
                        "sensor.squall.io/app-alerts created",
                        "secret/app-alerts-webhook created");
        assertThat(hello.lines())
                .contains("sensor.squall.io/hello-webhook created", "rule.squall.io/greet-on-webhook created");
        assertThat(run.stdout()).startsWith("execution.squall.io/hello-").endsWith(" created\n");
    }

    @Test
    void everyManifestUnderPacksIsAcceptedAndReadBackWithEveryField() throws IOException {
        List<Path> files = ManifestFiles.kubectlFiles(SquallRepository.packs());
        List<String> failures = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        for (Path file : files) {
            List<ManifestFiles.Document> documents = ManifestFiles.read(file);
            if (documents.stream().allMatch(ManifestFiles.Document::isPlainData)) {
                // e.g. the trigger payloads of packs/examples/rule-test: data for `squall rule test`, not manifests
                System.out.println("not Kubernetes objects, not applied: "
                        + SquallRepository.root().relativize(file));
                continue;
            }
            applied.add(SquallRepository.root().relativize(file).toString());
            failures.addAll(applyAndReadBack(file, documents, true));
        }
        assertThat(applied)
                .as("manifest files under packs/")
                .contains(
                        "packs/core/actions.yaml",
                        "packs/examples/hello/hello.yaml",
                        "packs/examples/executions/hello-run.yaml",
                        "packs/examples/autoscale-workflows.yaml");
        assertThat(failures)
                .as("manifests under packs/ that kubectl refused or the API server did not keep")
                .isEmpty();
    }

    /** The read-back catches what the schema prunes: here the old retry.on, sent with validation off. */
    @Test
    void aFieldTheSchemaPrunesIsReported() throws IOException {
        Path file = Files.writeString(apiServer.workDir().resolve("pruned.yaml"), """
            apiVersion: squall.io/v1alpha1
            kind: Action
            metadata:
              name: old-retry
            spec:
              runner: noop
              retry:
                count: 1
                "on": [failed]
            """);

        assertThat(applyAndReadBack(file, ManifestFiles.read(file), false))
                .containsExactly(
                        "pruned.yaml document 1 (Action old-retry): the API server did not keep spec.retry.on");
    }

    /**
     * Applies one file in a namespace of its own (or the namespaces its objects name), with {@code kubectl apply} or,
     * when an object uses generateName, {@code kubectl create}; then compares each object as kubectl parsed the file
     * with what {@code kubectl get} returns.
     */
    private static List<String> applyAndReadBack(Path file, List<ManifestFiles.Document> documents, boolean validate) {
        String name = file.startsWith(SquallRepository.root())
                ? SquallRepository.root().relativize(file).toString()
                : file.getFileName().toString();
        List<String> failures = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (ManifestFiles.Document document : documents) {
            Object metadata = document.content().get("metadata");
            if (metadata instanceof Map<?, ?> map && map.get("namespace") != null) {
                named.add(String.valueOf(map.get("namespace")));
            }
        }
        String namespace = null;
        if (named.isEmpty()) {
            namespace = "packs-" + (++namespaces);
            named.add(namespace);
        }
        for (String ns : named) {
            if (!apiServer.kubectl("get", "namespace", ns).isSuccess()) {
                apiServer.kubectl("create", "namespace", ns).requireSuccess();
            }
        }
        boolean generated = documents.stream()
                .anyMatch(document -> document.content().get("metadata") instanceof Map<?, ?> map
                        && map.get("name") == null
                        && map.get("generateName") != null);

        List<JsonNode> parsed = parsedByKubectl(file, namespace);
        List<String> command = new ArrayList<>(
                List.of(generated ? "create" : "apply", "--validate=" + validate, "-o", "name", "-f", file.toString()));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        Kubectl.Result result = apiServer.kubectl(command.toArray(String[]::new));
        if (!result.isSuccess()) {
            failures.add(name + ": kubectl " + String.join(" ", command.subList(0, 2)) + " failed: "
                    + result.stderr().strip());
            return failures;
        }
        List<String> objects = result.lines();
        if (objects.size() != parsed.size()) {
            failures.add(name + ": kubectl parsed " + parsed.size() + " objects but " + command.get(0) + " reported "
                    + objects.size() + ": " + objects);
            return failures;
        }
        for (int i = 0; i < objects.size(); i++) {
            JsonNode sent = parsed.get(i);
            String ns = sent.path("metadata").path("namespace").asText(namespace);
            String where = name + " document " + (i + 1) + " ("
                    + sent.path("kind").asText() + " "
                    + sent.path("metadata")
                            .path("name")
                            .asText(sent.path("metadata").path("generateName").asText()) + ")";
            JsonNode stored;
            try {
                stored = JSON.readTree(apiServer
                        .kubectl("get", "-n", ns, "-o", "json", objects.get(i))
                        .requireSuccess()
                        .stdout());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("kubectl get " + objects.get(i) + " did not print JSON", e);
            }
            boolean builtIn = JsonFields.isBuiltIn(sent.path("apiVersion").asText());
            for (Iterator<Map.Entry<String, JsonNode>> fields = comparable(sent).fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                (builtIn
                                ? JsonFields.missingFromBuiltIn(
                                        field.getKey(), field.getValue(), stored.get(field.getKey()))
                                : JsonFields.missing(field.getKey(), field.getValue(), stored.get(field.getKey())))
                        .forEach(path -> failures.add(where + ": the API server did not keep " + path));
            }
        }
        return failures;
    }

    /**
     * What the server is expected to keep of an object as sent: a Secret's stringData is stored base64-encoded in data
     * (and wins over data, as in Kubernetes).
     */
    private static ObjectNode comparable(JsonNode sent) {
        ObjectNode object = sent.deepCopy();
        if ("Secret".equals(object.path("kind").asText())
                && "v1".equals(object.path("apiVersion").asText())
                && object.has("stringData")) {
            ObjectNode data = object.has("data") ? (ObjectNode) object.get("data") : object.putObject("data");
            object.remove("stringData")
                    .fields()
                    .forEachRemaining(entry -> data.put(
                            entry.getKey(),
                            Base64.getEncoder()
                                    .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8))));
        }
        return object;
    }

    /** The objects of a file exactly as kubectl reads them (YAML 1.1), without sending them. */
    private static List<JsonNode> parsedByKubectl(Path file, String namespace) {
        List<String> command = new ArrayList<>(
                List.of("create", "--dry-run=client", "--validate=false", "-o", "json", "-f", file.toString()));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        String out = apiServer
                .kubectl(command.toArray(String[]::new))
                .requireSuccess()
                .stdout();
        try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(out)) {
            List<JsonNode> objects = new ArrayList<>();
            for (JsonNode value : values.readAll()) {
                if ("List".equals(value.path("kind").asText())) {
                    value.path("items").forEach(objects::add);
                } else {
                    objects.add(value);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "kubectl create --dry-run=client -o json -f " + file + " printed no JSON:\n" + out, e);
        }
    }

    private static JsonNode single(String file, List<JsonNode> objects) {
        assertThat(objects).as("objects kubectl reads in %s", file).hasSize(1);
        return objects.get(0);
    }
}
