package io.squall.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.api.v1alpha1.Sensor;
import io.squall.operator.testsupport.Resources;
import org.junit.jupiter.api.Test;

class SensorValidatorTest {

    private static Validation validate(String spec) {
        return SensorValidator.validate(Resources.yaml(
                        "apiVersion: squall.io/v1alpha1\nkind: Sensor\nmetadata: {name: s, namespace: ns}\nspec:\n"
                                + spec,
                        Sensor.class)
                .getSpec());
    }

    @Test
    void imageSensorNeedsAnImage() {
        Validation v = validate("  type: image\n");
        assertThat(v.reason()).isEqualTo(Reasons.MISSING_SENSOR_CONFIG);
        assertThat(v.message()).isEqualTo("spec.image: is required for type image");
        assertThat(validate("  type: image\n  image: example/sensor:1\n").isValid())
                .isTrue();
    }

    @Test
    void pollSensorNeedsUrlOrCommand() {
        assertThat(validate("  type: poll\n").message())
                .isEqualTo("spec.poll: type poll needs spec.poll.url or spec.poll.command");
        assertThat(validate("  type: poll\n  poll: {intervalSeconds: 10}\n").message())
                .isEqualTo("spec.poll: type poll needs spec.poll.url or spec.poll.command");
        assertThat(validate("  type: poll\n  poll: {url: 'http://x', command: [cat]}\n")
                        .message())
                .isEqualTo("spec.poll: set spec.poll.url or spec.poll.command, not both");
        assertThat(validate("  type: poll\n  poll: {url: 'http://x/items'}\n").isValid())
                .isTrue();
        assertThat(validate("  type: poll\n  poll: {command: [cat, /data.json]}\n")
                        .isValid())
                .isTrue();
    }

    @Test
    void webhookAuthenticatesByDefaultSoNeedsASecret() {
        Validation v = validate("  type: webhook\n");
        assertThat(v.reason()).isEqualTo(Reasons.MISSING_SECRET_REF);
        assertThat(v.message())
                .startsWith("spec.secretRef: is required for a webhook with auth token (the Secret holds key `token`)");
        assertThat(validate("  type: webhook\n  webhook: {auth: hmac}\n").message())
                .startsWith(
                        "spec.secretRef: is required for a webhook with auth hmac (the Secret holds key `hmac-key`)");
        assertThat(validate("  type: webhook\n  secretRef: hook-token\n").isValid())
                .isTrue();
        assertThat(validate("  type: webhook\n  webhook: {auth: none}\n").isValid())
                .isTrue();
    }

    @Test
    void kubernetesEventsSensorNeedsNothing() {
        assertThat(validate("  type: kubernetes-events\n").isValid()).isTrue();
    }
}
