package io.squall.operator.testsupport;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads test resources (YAML manifests as users write them) into API types. */
public final class Resources {

    private Resources() {}

    public static <T> T yaml(String text, Class<T> type) {
        return Serialization.unmarshal(text, type);
    }

    public static <T> T load(String resource, Class<T> type) {
        try (InputStream in = Resources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
