package io.squall.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookPathsTest {

    @Test
    void leadingAndTrailingSlashesDoNotCount() {
        assertThat(WebhookPaths.withoutSlashes("/hooks/a/")).isEqualTo("hooks/a");
        assertThat(WebhookPaths.withoutSlashes("//hooks//a//")).isEqualTo("hooks//a");
        assertThat(WebhookPaths.withoutSlashes("hooks")).isEqualTo("hooks");
        assertThat(WebhookPaths.withoutSlashes("///")).isEmpty();
        assertThat(WebhookPaths.withoutSlashes("")).isEmpty();
    }

    @Test
    void withoutAConfiguredPathTheSensorsNameIsThePath() {
        assertThat(WebhookPaths.of(null, "hello")).isEqualTo("hello");
        assertThat(WebhookPaths.of("  ", "hello")).isEqualTo("hello");
        assertThat(WebhookPaths.of("/github/", "hello")).isEqualTo("github");
    }
}
