package io.squall.operator.inquiry;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The webhook's own small PKI: a self-signed CA (its certificate is the webhook configuration's caBundle) and a
 * serving certificate it signs for the names the API server calls (the Service's DNS names, or the host of an
 * explicit URL; an IP address becomes an IP SAN, as Go's TLS checks only SANs). ECDSA P-256, valid ten years: the
 * CA key is thrown away once the serving certificate is signed, so nothing else can ever be signed with it.
 */
public final class WebhookCertificates {
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** PEM texts: the CA certificate, the serving certificate and its PKCS#8 private key. */
    public record Issued(String caPem, String certPem, String keyPem) {}

    private WebhookCertificates() {}

    public static Issued issue(List<String> hosts, Instant now) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("squall.inquiries.admission-webhook.hosts: at least one DNS name or IP "
                    + "address the API server calls the webhook at is needed for its certificate");
        }
        try {
            KeyPair caKeys = keyPair();
            X500Name caName = new X500Name("CN=squall inquiry webhook CA");
            Date from = Date.from(now.minus(Duration.ofHours(1))); // clocks of the API server may lag a little
            Date to = Date.from(now.plus(VALIDITY));
            X509Certificate ca = sign(
                    new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName, caKeys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                            .addExtension(
                                    Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                    caKeys.getPrivate());
            KeyPair serving = keyPair();
            GeneralName[] names =
                    hosts.stream().map(WebhookCertificates::generalName).toArray(GeneralName[]::new);
            X509Certificate cert = sign(
                    new JcaX509v3CertificateBuilder(
                                    caName, serial(), from, to, new X500Name("CN=" + hosts.get(0)), serving.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                            .addExtension(
                                    Extension.extendedKeyUsage,
                                    false,
                                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names)),
                    caKeys.getPrivate());
            return new Issued(pem(ca), pem(cert), pem(serving.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("the inquiry webhook's certificate cannot be made: " + e.getMessage(), e);
        }
    }

    /** The certificate of a PEM text. */
    public static X509Certificate certificate(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            if (!(read instanceof X509CertificateHolder holder)) {
                throw new IOException("not a PEM certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
    }

    /** The private key of a PKCS#8 PEM text. */
    public static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            if (!(read instanceof PrivateKeyInfo info)) {
                throw new IOException("not a PKCS#8 PEM private key");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    private static GeneralName generalName(String host) {
        boolean ip = IPV4.matcher(host).matches() || host.contains(":");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null)); // PKCS#8 "PRIVATE KEY", not "EC PRIVATE KEY"
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }
}
