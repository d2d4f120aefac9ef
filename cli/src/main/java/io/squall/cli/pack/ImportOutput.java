package io.squall.cli.pack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.squall.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an import: one YAML file per kind, kustomization.yaml listing them ({@code kubectl apply -k OUTDIR}) and
 * import-report.txt. Strings are written quoted, so kubectl's YAML 1.1 reads {@code yes} or {@code on} as text.
 */
public final class ImportOutput {
    static final String REPORT = "import-report.txt";
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE) // scripts stay readable
            .build();

    private ImportOutput() {}

    /** Writes the files; returns the report's text. */
    public static String write(ImportedPack imported, Path source, Path outDir, String namespace) {
        try {
            Files.createDirectories(outDir);
            List<String> resources = new ArrayList<>();
            for (Map.Entry<String, List<ObjectNode>> file : imported.manifests().entrySet()) {
                StringBuilder sb = new StringBuilder("# squall pack import " + source + "\n");
                for (ObjectNode doc : file.getValue()) {
                    sb.append("---\n").append(YAML.writeValueAsString(doc));
                }
                Files.writeString(outDir.resolve(file.getKey()), sb.toString());
                resources.add(file.getKey());
            }
            Map<String, Object> kustomization = new LinkedHashMap<>();
            kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
            kustomization.put("kind", "Kustomization");
            if (namespace != null) {
                kustomization.put("namespace", namespace);
            }
            kustomization.put("resources", resources);
            Files.writeString(
                    outDir.resolve("kustomization.yaml"),
                    "# kubectl apply -k " + outDir + "\n" + YAML.writeValueAsString(kustomization));
            String report = imported.report().text(imported.pack, outDir.toString());
            Files.writeString(outDir.resolve(REPORT), report);
            return report;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a manifest as YAML", e);
        } catch (IOException e) {
            throw UsageException.input(outDir + ": cannot write: " + e.getMessage(), e);
        }
    }
}
