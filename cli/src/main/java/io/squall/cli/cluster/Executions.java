package io.squall.cli.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.squall.api.v1alpha1.Action;
import io.squall.api.v1alpha1.ActionKind;
import io.squall.api.v1alpha1.Execution;
import io.squall.api.v1alpha1.ExecutionSpec;
import io.squall.api.v1alpha1.ExecutionTarget;
import io.squall.api.v1alpha1.LabelValues;
import io.squall.api.v1alpha1.Names;
import io.squall.api.v1alpha1.ParameterSpec;
import io.squall.api.v1alpha1.Workflow;
import io.squall.cli.ClusterException;
import io.squall.cli.pack.PackNames;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The Executions of one namespace, and the Actions and Workflows they run. */
final class Executions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final String namespace;

    Executions(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    private <T> T call(String what, Supplier<T> call) {
        return Cluster.call(String.valueOf(client.getMasterUrl()), what, call);
    }

    String namespace() {
        return namespace;
    }

    Execution get(String name) {
        return find(name)
                .orElseThrow(
                        () -> new ClusterException("no Execution named " + name + " in namespace " + namespace, null));
    }

    Optional<Execution> find(String name) {
        return Optional.ofNullable(call(
                "get Execution " + name + " in namespace " + namespace,
                () -> client.resources(Execution.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get()));
    }

    List<Execution> list() {
        return call(
                "list Executions in namespace " + namespace,
                () -> client.resources(Execution.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems());
    }

    /** The Executions whose label {@code key} has the label value form of {@code value} ({@link LabelValues#of}). */
    List<Execution> withLabel(String key, String value) {
        String label = LabelValues.of(value);
        return call(
                "list Executions with label " + key + "=" + label + " in namespace " + namespace,
                () -> client.resources(Execution.class)
                        .inNamespace(namespace)
                        .withLabel(key, label)
                        .list()
                        .getItems());
    }

    /** What an Execution runs, and the parameters that Action or Workflow declares. */
    record Target(ExecutionTarget target, Map<String, ParameterSpec> parameters) {
        /** The names of the declared secret parameters. */
        Set<String> secrets() {
            Set<String> names = new LinkedHashSet<>();
            parameters.forEach((n, p) -> {
                if (Boolean.TRUE.equals(p.secret)) {
                    names.add(n);
                }
            });
            return names;
        }
    }

    /**
     * What ACTION names: an Action, else a Workflow, of that name; a StackStorm ref ({@code pack.action}) is taken
     * by the name squall pack import gives it ({@code pack-action}).
     */
    Target target(String action) {
        Set<String> candidates = new LinkedHashSet<>();
        if (action.matches(Names.NAME_PATTERN)) {
            candidates.add(action);
        }
        try {
            candidates.add(PackNames.resource(action));
        } catch (IllegalArgumentException e) {
            // nothing to make a name of: only the name as given
        }
        for (String candidate : candidates) {
            ExecutionTarget target = new ExecutionTarget();
            target.name = candidate;
            Action a = call(
                    "get Action " + candidate,
                    () -> client.resources(Action.class)
                            .inNamespace(namespace)
                            .withName(candidate)
                            .get());
            if (a != null) {
                return new Target(
                        target,
                        a.getSpec() == null || a.getSpec().parameters == null ? Map.of() : a.getSpec().parameters);
            }
            Workflow w = call(
                    "get Workflow " + candidate,
                    () -> client.resources(Workflow.class)
                            .inNamespace(namespace)
                            .withName(candidate)
                            .get());
            if (w != null) {
                target.kind = ActionKind.Workflow;
                return new Target(
                        target,
                        w.getSpec() == null || w.getSpec().parameters == null ? Map.of() : w.getSpec().parameters);
            }
        }
        throw new ClusterException(
                "no Action or Workflow named " + String.join(" or ", candidates) + " in namespace " + namespace, null);
    }

    /**
     * Creates the Execution. Values of {@code secretNames} never enter its spec: as the rules engine does, they go
     * into the Secret NAME-params first (the Execution shows {@value Names#MASK}), then the Execution, then the
     * Secret is made the Execution's so it goes with it.
     */
    Execution create(String generateName, ExecutionSpec spec, Set<String> secretNames) {
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        if (spec.parameters != null) {
            spec.parameters.forEach((k, v) -> {
                if (secretNames.contains(k) && !(v.isTextual() && Names.MASK.equals(v.asText()))) {
                    secrets.put(k, v);
                }
            });
        }
        if (secrets.isEmpty()) {
            return create(generateName, spec);
        }
        String name = generateName + "-" + randomSuffix();
        Map<String, String> data = new LinkedHashMap<>();
        secrets.forEach((k, v) ->
                data.put(k, Base64.getEncoder().encodeToString(v.toString().getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(Names.secretParametersName(name))
                .withNamespace(namespace)
                .addToLabels(Names.LABEL_EXECUTION, name)
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        call(
                "create Secret " + secret.getMetadata().getName() + " in namespace " + namespace,
                () -> client.secrets().inNamespace(namespace).resource(secret).create());
        secrets.keySet().forEach(k -> spec.parameters.put(k, TextNode.valueOf(Names.MASK)));
        Execution execution = new Execution();
        execution.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        execution.setSpec(spec);
        Execution created;
        try {
            created = call(
                    "create Execution " + name + " in namespace " + namespace,
                    () -> client.resources(Execution.class)
                            .inNamespace(namespace)
                            .resource(execution)
                            .create());
        } catch (ClusterException e) {
            client.secrets()
                    .inNamespace(namespace)
                    .withName(secret.getMetadata().getName())
                    .delete();
            throw e;
        }
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion(Names.API_VERSION)
                .withKind("Execution")
                .withName(name)
                .withUid(created.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(false)
                .build();
        call(
                "make Secret " + secret.getMetadata().getName() + " owned by its Execution",
                () -> client.secrets()
                        .inNamespace(namespace)
                        .withName(secret.getMetadata().getName())
                        .edit(s -> new SecretBuilder(s)
                                .editMetadata()
                                .withOwnerReferences(owner)
                                .endMetadata()
                                .build()));
        return created;
    }

    private static String randomSuffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789"; // as the API server's generateName: no vowels, no 0/1/3
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private Execution create(String generateName, ExecutionSpec spec) {
        Execution execution = new Execution();
        execution.setMetadata(new ObjectMetaBuilder()
                .withGenerateName(generateName + "-")
                .withNamespace(namespace)
                .build());
        execution.setSpec(spec);
        return call(
                "create an Execution of " + spec.action.name + " in namespace " + namespace,
                () -> client.resources(Execution.class)
                        .inNamespace(namespace)
                        .resource(execution)
                        .create());
    }

    /** A JSON merge patch of spec: only the fields given change (cancel, pause). */
    Execution patchSpec(String name, Map<String, Object> fields) {
        String patch;
        try {
            patch = JSON.writeValueAsString(Map.of("spec", fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return call(
                "patch Execution " + name + " in namespace " + namespace,
                () -> client.resources(Execution.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    /** The clear values of an Execution's secret parameters (its Secret NAME-params: one key each, the JSON). */
    Map<String, JsonNode> secretParameters(String execution) {
        String secretName = Names.secretParametersName(execution);
        Secret secret = call(
                "get Secret " + secretName + " in namespace " + namespace,
                () -> client.secrets()
                        .inNamespace(namespace)
                        .withName(secretName)
                        .get());
        if (secret == null) {
            throw new ClusterException(
                    "Execution " + execution + " has masked parameters but no Secret " + secretName + " in namespace "
                            + namespace,
                    null);
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        data.forEach((key, value) -> {
            try {
                values.put(key, JSON.readTree(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
            } catch (JsonProcessingException e) {
                throw new ClusterException("Secret " + secretName + " key " + key + " is not JSON", e);
            }
        });
        return values;
    }
}
