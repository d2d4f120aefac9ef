package io.squall.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every SQUALL_* variable the chart sets is a key of the operator's configuration
 * (io.squall.operator.config.SquallConfig, read from the operator's build output like the jar the
 * other tests run); a renamed key on either side fails here instead of being silently ignored.
 */
class ChartOperatorConfigContractTest {

    private static final String CONFIG_CLASS = "io.squall.operator.config.SquallConfig";

    /** SquallConfig as compiled in operator/target/classes (only JDK types are needed to read its methods). */
    static Class<?> squallConfig() throws Exception {
        Path classes = SquallRepository.root().resolve("operator/target/classes");
        if (!Files.isRegularFile(classes.resolve(CONFIG_CLASS.replace('.', '/') + ".class"))) {
            throw new IllegalStateException(classes + " has no " + CONFIG_CLASS + ": build the operator first");
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
        return Class.forName(CONFIG_CLASS, false, loader);
    }

    /** Environment names of every key of a @ConfigMapping interface: squall.nats.creds-file is SQUALL_NATS_CREDS_FILE. */
    static Set<String> environmentNames(Class<?> root, Class<?> mapping, String prefix) {
        Set<String> names = new TreeSet<>();
        for (Method method : mapping.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getDeclaringClass() == root) {
                names.addAll(environmentNames(root, type, key));
            } else {
                names.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
        }
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    @Test
    void theConfigurationKeysAreDerivedAsQuarkusDoes() throws Exception {
        Class<?> config = squallConfig();
        Set<String> known = environmentNames(config, config, "squall");

        assertThat(known).contains("SQUALL_NATS_URL", "SQUALL_NATS_CREDS_FILE", "SQUALL_WATCH_NAMESPACES");
    }

    @Test
    void everySquallVariableOfTheChartIsAnOperatorConfigurationKey() throws Exception {
        RenderedChart chart = RenderedChart.render(
                "squall",
                "squall-system",
                Map.of(
                        "nats.auth.secretName", "nats-auth",
                        "nats.auth.credsKey", "operator.creds",
                        "datastore.ttl", "720h",
                        "watchNamespaces[0]", "apps"));
        Set<String> chartVariables = new TreeSet<>();
        for (EnvVar var : chart.one(Deployment.class, "squall-operator")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()) {
            if (var.getName().startsWith("SQUALL_")) {
                chartVariables.add(var.getName());
            }
        }

        assertThat(chartVariables).hasSizeGreaterThan(15);
        Class<?> config = squallConfig();
        assertThat(environmentNames(config, config, "squall")).containsAll(chartVariables);
    }
}
