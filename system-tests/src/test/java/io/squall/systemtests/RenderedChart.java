package io.squall.systemtests;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.yaml.snakeyaml.Yaml;

/** The objects `helm template` renders from helm/squall with some values, as Fabric8 models. */
public final class RenderedChart {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String yaml;
    private final List<HasMetadata> objects;

    private RenderedChart(String yaml, List<HasMetadata> objects) {
        this.yaml = yaml;
        this.objects = objects;
    }

    /** Renders the chart as release {@code release} in {@code namespace} with {@code --set} values. */
    public static RenderedChart render(String release, String namespace, Map<String, Object> values) {
        TemplateCommand template =
                new Helm(SquallRepository.chart()).template().withName(release).withNamespace(namespace);
        values.forEach(template::set);
        return parse(template.call());
    }

    public static RenderedChart parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                objects.add(SERIALIZATION.convertValue(document, HasMetadata.class));
            }
        }
        return new RenderedChart(yaml, List.copyOf(objects));
    }

    public String yaml() {
        return yaml;
    }

    public List<HasMetadata> objects() {
        return objects;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .reduce((a, b) -> {
                    throw new IllegalStateException("Two " + type.getSimpleName() + " objects named " + name);
                })
                .orElseThrow(() -> new NoSuchElementException(
                        "No " + type.getSimpleName() + " named " + name + " in the rendered chart:\n" + yaml));
    }
}
