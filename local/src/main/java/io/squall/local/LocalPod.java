package io.squall.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a kubelet does for one pod, done on this machine: the pod's Secret, ConfigMap and emptyDir volumes
 * materialised as directories under the pod's own directory, its (first) container's environment resolved
 * (values, secretKeyRef, configMapKeyRef, fieldRef, envFrom), and mount paths in values rewritten to those
 * directories, so a program that reads {@code /var/run/squall/request/request.json} reads the local copy. Then a
 * local process with that environment, its output in {@link #log()}, stopped with SIGTERM or SIGKILL.
 */
public final class LocalPod {

    private static final String LOG_FILE = "output.log";
    private static final String VOLUMES_DIR = "volumes";

    private final Pod pod;
    private final Container container;
    private final Path dir;
    private final Map<String, Path> mounts;
    private final Map<String, String> env;
    private volatile Process process;

    private LocalPod(Pod pod, Container container, Path dir, Map<String, Path> mounts, Map<String, String> env) {
        this.pod = pod;
        this.container = container;
        this.dir = dir;
        this.mounts = mounts;
        this.env = env;
    }

    /**
     * Materialises the volumes of the pod's first container in {@code dir} and resolves its environment, reading
     * Secrets and ConfigMaps of the pod's namespace.
     *
     * @throws PodSetupException when a referenced object or key is missing (CreateContainerConfigError)
     */
    public static LocalPod prepare(KubernetesClient client, Pod pod, Path dir) throws IOException {
        Container container = pod.getSpec().getContainers().get(0);
        Files.createDirectories(dir);
        Sources sources = new Sources(client, pod.getMetadata().getNamespace());
        Map<String, Path> mounts = materializeVolumes(sources, pod, container, dir.resolve(VOLUMES_DIR));
        Map<String, String> env = environment(sources, pod, container, mounts);
        return new LocalPod(pod, container, dir, mounts, env);
    }

    public Pod pod() {
        return pod;
    }

    public Container container() {
        return container;
    }

    /** The pod's directory: its volumes and its log. */
    public Path dir() {
        return dir;
    }

    /** stdout and stderr of the process. */
    public Path log() {
        return dir.resolve(LOG_FILE);
    }

    /** The container's environment as Kubernetes would set it (paths rewritten to the local volumes). */
    public Map<String, String> environment() {
        return env;
    }

    /** The local directory of the volume mounted at {@code mountPath}. */
    public Optional<Path> mount(String mountPath) {
        return Optional.ofNullable(mounts.get(mountPath));
    }

    /**
     * Starts {@code command} in the pod's directory with the container's environment plus {@code extraEnv} (on top
     * of this process's environment without SQUALL_* and KUBECONFIG, which belong to the host, not to the pod).
     */
    public Process start(List<String> command, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("SQUALL_") || name.equals("KUBECONFIG"));
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        process = builder.start();
        return process;
    }

    /** The running (or exited) process, null before {@link #start}. */
    public Process process() {
        return process;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** SIGTERM, as the kubelet sends at the start of the termination grace period. */
    public void terminate() {
        Process current = process;
        if (current != null) {
            current.destroy();
        }
    }

    /** SIGKILL to the process and everything it started (the end of the grace period, or a dying node). */
    public void kill() {
        Process current = process;
        if (current != null) {
            current.descendants().forEach(ProcessHandle::destroyForcibly);
            current.destroyForcibly();
        }
    }

    /** Deletes the materialised volumes (Secrets on disk); the log stays. */
    public void deleteVolumes() {
        deleteTree(dir.resolve(VOLUMES_DIR));
    }

    /** A value naming a file under a mount path names the same file under the local directory. */
    static String rewritePaths(String value, Map<String, Path> mounts) {
        return mounts.entrySet().stream()
                .sorted(Comparator.comparing(
                                (Map.Entry<String, Path> e) -> e.getKey().length())
                        .reversed())
                .filter(e -> value.equals(e.getKey()) || value.startsWith(e.getKey() + "/"))
                .findFirst()
                .map(e -> e.getValue() + value.substring(e.getKey().length()))
                .orElse(value);
    }

    private static Map<String, Path> materializeVolumes(Sources sources, Pod pod, Container container, Path root)
            throws IOException {
        Map<String, Volume> volumes = new HashMap<>();
        Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).forEach(v -> volumes.put(v.getName(), v));
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount :
                Optional.ofNullable(container.getVolumeMounts()).orElse(List.<VolumeMount>of())) {
            Volume volume = volumes.get(mount.getName());
            if (volume == null) {
                throw new PodSetupException("volume \"" + mount.getName() + "\" not found");
            }
            Path dir = Files.createDirectories(root.resolve(mount.getName()));
            if (volume.getSecret() != null) {
                String name = volume.getSecret().getSecretName();
                Map<String, byte[]> data = sources.secret(
                        name, Boolean.TRUE.equals(volume.getSecret().getOptional()));
                writeKeys(dir, data, volume.getSecret().getItems(), "secret \"" + name + "\"");
            } else if (volume.getConfigMap() != null) {
                String name = volume.getConfigMap().getName();
                Map<String, byte[]> data = sources.configMap(
                        name, Boolean.TRUE.equals(volume.getConfigMap().getOptional()));
                writeKeys(dir, data, volume.getConfigMap().getItems(), "configmap \"" + name + "\"");
            } else if (volume.getEmptyDir() == null) {
                throw new PodSetupException("volume \"" + mount.getName() + "\": only secret, configMap and emptyDir "
                        + "volumes are supported by the local kubelet");
            }
            mounts.put(mount.getMountPath(), dir);
        }
        return mounts;
    }

    private static void writeKeys(Path dir, Map<String, byte[]> data, List<KeyToPath> items, String source)
            throws IOException {
        if (items == null || items.isEmpty()) {
            for (var entry : data.entrySet()) {
                Files.write(dir.resolve(entry.getKey()), entry.getValue());
            }
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw new PodSetupException(source + ": key \"" + item.getKey() + "\" not found");
            }
            Path file = dir.resolve(item.getPath());
            Files.createDirectories(file.getParent());
            Files.write(file, value);
        }
    }

    private static Map<String, String> environment(
            Sources sources, Pod pod, Container container, Map<String, Path> mounts) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.<EnvFromSource>of())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            Map<String, byte[]> data;
            if (from.getSecretRef() != null) {
                data = sources.secret(
                        from.getSecretRef().getName(),
                        Boolean.TRUE.equals(from.getSecretRef().getOptional()));
            } else if (from.getConfigMapRef() != null) {
                data = sources.configMap(
                        from.getConfigMapRef().getName(),
                        Boolean.TRUE.equals(from.getConfigMapRef().getOptional()));
            } else {
                continue;
            }
            data.forEach((k, v) -> env.put(prefix + k, new String(v, StandardCharsets.UTF_8)));
        }
        for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(List.<EnvVar>of())) {
            Optional<String> value = value(sources, pod, var);
            value.ifPresent(v -> env.put(var.getName(), rewritePaths(v, mounts)));
        }
        Path tmp = mounts.get("/tmp");
        if (tmp != null) {
            env.put("TMPDIR", tmp.toString());
        }
        return env;
    }

    /** The variable's value; empty for a missing optional key (Kubernetes leaves the variable unset). */
    private static Optional<String> value(Sources sources, Pod pod, EnvVar var) {
        var from = var.getValueFrom();
        if (from == null) {
            return Optional.of(var.getValue() == null ? "" : var.getValue());
        }
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            return sources.key(
                    sources.secret(ref.getName(), Boolean.TRUE.equals(ref.getOptional())),
                    ref.getKey(),
                    Boolean.TRUE.equals(ref.getOptional()),
                    "secret \"" + ref.getName() + "\"");
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            return sources.key(
                    sources.configMap(ref.getName(), Boolean.TRUE.equals(ref.getOptional())),
                    ref.getKey(),
                    Boolean.TRUE.equals(ref.getOptional()),
                    "configmap \"" + ref.getName() + "\"");
        }
        if (from.getFieldRef() != null) {
            return Optional.of(field(pod, var.getName(), from.getFieldRef().getFieldPath()));
        }
        throw new PodSetupException("env " + var.getName() + ": only value, secretKeyRef, configMapKeyRef and fieldRef "
                + "are supported by the local kubelet");
    }

    /** The downward API's fields for a pod on this machine. */
    private static String field(Pod pod, String variable, String path) {
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" ->
                Optional.ofNullable(pod.getMetadata().getUid()).orElse("");
            case "spec.nodeName" ->
                Optional.ofNullable(pod.getSpec().getNodeName()).orElse(LocalNode.NAME);
            case "spec.serviceAccountName" ->
                Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("default");
            case "status.podIP", "status.hostIP" -> "127.0.0.1";
            default ->
                throw new PodSetupException(
                        "env " + variable + ": fieldRef " + path + " is not supported by the local kubelet");
        };
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Secrets and ConfigMaps of one namespace, each read once per pod. */
    private static final class Sources {
        private final KubernetesClient client;
        private final String namespace;
        private final Map<String, Map<String, byte[]>> secrets = new HashMap<>();
        private final Map<String, Map<String, byte[]>> configMaps = new HashMap<>();

        Sources(KubernetesClient client, String namespace) {
            this.client = client;
            this.namespace = namespace;
        }

        Map<String, byte[]> secret(String name, boolean optional) {
            Map<String, byte[]> data = secrets.computeIfAbsent(name, n -> {
                Secret secret =
                        client.secrets().inNamespace(namespace).withName(n).get();
                return secret == null ? null : decode(secret);
            });
            if (data == null && !optional) {
                throw new PodSetupException("secret \"" + name + "\" not found");
            }
            return data == null ? Map.of() : data;
        }

        Map<String, byte[]> configMap(String name, boolean optional) {
            Map<String, byte[]> data = configMaps.computeIfAbsent(name, n -> {
                ConfigMap configMap =
                        client.configMaps().inNamespace(namespace).withName(n).get();
                return configMap == null ? null : decode(configMap);
            });
            if (data == null && !optional) {
                throw new PodSetupException("configmap \"" + name + "\" not found");
            }
            return data == null ? Map.of() : data;
        }

        Optional<String> key(Map<String, byte[]> data, String key, boolean optional, String source) {
            byte[] value = data.get(key);
            if (value == null && !optional) {
                throw new PodSetupException(source + ": key \"" + key + "\" not found");
            }
            return Optional.ofNullable(value).map(v -> new String(v, StandardCharsets.UTF_8));
        }

        private static Map<String, byte[]> decode(Secret secret) {
            Map<String, byte[]> data = new HashMap<>();
            if (secret.getData() != null) {
                secret.getData()
                        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            }
            if (secret.getStringData() != null) {
                secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            }
            return data;
        }

        private static Map<String, byte[]> decode(ConfigMap configMap) {
            Map<String, byte[]> data = new HashMap<>();
            if (configMap.getData() != null) {
                configMap.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
            }
            if (configMap.getBinaryData() != null) {
                configMap
                        .getBinaryData()
                        .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
            }
            return data;
        }
    }
}
