package io.squall.operator.inquiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.NKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookCertificatesTest {

    @Test
    void theServingCertificateIsSignedByTheCaForEveryHostAsASan() throws Exception {
        WebhookCertificates.Issued issued = WebhookCertificates.issue(
                List.of("squall-inquiry-webhook.squall-system.svc", "127.0.0.1"), Instant.now());
        X509Certificate ca = WebhookCertificates.certificate(issued.caPem());
        X509Certificate cert = WebhookCertificates.certificate(issued.certPem());

        cert.verify(ca.getPublicKey());
        ca.verify(ca.getPublicKey());
        cert.checkValidity();
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        // type 2 = dNSName, 7 = iPAddress (Go's TLS checks an IP only against IP SANs)
        assertThat(cert.getSubjectAlternativeNames())
                .extracting(san -> san.get(0) + "=" + san.get(1))
                .containsExactly("2=squall-inquiry-webhook.squall-system.svc", "7=127.0.0.1");
        assertThat(WebhookCertificates.privateKey(issued.keyPem()).getAlgorithm())
                .isEqualTo("EC");
        assertThat(issued.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void withoutHostsItSaysWhichSettingIsMissing() {
        assertThatThrownBy(() -> WebhookCertificates.issue(List.of(), Instant.now()))
                .hasMessageContaining("squall.inquiries.admission-webhook.hosts");
    }

    /** The operator brings BouncyCastle as bcprov-jdk18on instead of jnats' LTS build: NATS nkeys still sign. */
    @Test
    void natsNkeysSignAndVerifyWithTheOperatorsBouncyCastle() throws Exception {
        NKey user = NKey.createUser(null);
        byte[] signature = user.sign("nonce".getBytes());
        assertThat(NKey.fromPublicKey(user.getPublicKey()).verify("nonce".getBytes(), signature))
                .isTrue();
        assertThat(NKey.fromPublicKey(user.getPublicKey()).verify("other".getBytes(), signature))
                .isFalse();
    }
}
