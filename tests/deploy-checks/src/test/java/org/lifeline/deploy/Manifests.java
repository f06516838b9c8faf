package org.lifeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rendering the chart and the overlays, and reading the result as objects. */
final class Manifests {

    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    static Path root() {
        String configured = System.getProperty("lifeline.root");
        Path dir = configured == null ? Path.of("").toAbsolutePath() : Path.of(configured);
        while (dir != null && !Files.exists(dir.resolve("helm/lifeline/Chart.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("helm/lifeline not found above " + configured);
        }
        return dir;
    }

    static Path chart() {
        return root().resolve("helm/lifeline");
    }

    /** {@code helm template lifeline helm/lifeline -n lifeline [-f values] [--set k=v]}. */
    static String render(Path valuesFile, Map<String, String> set) {
        var template = new Helm(chart()).template().withName("lifeline").withNamespace("lifeline")
                .withKubeVersion("1.32.0");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (var entry : set.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        return template.call();
    }

    /** {@code kubectl kustomize <dir>} (kubectl 1.32 with Kustomize 5.5 is on the build machines). */
    static String kustomize(Path dir) {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
            String out = new String(process.getInputStream().readAllBytes());
            String err = new String(process.getErrorStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render k8s/ (it is installed on the build machines)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode node = values.next();
                if (node instanceof ObjectNode object && object.has("kind")) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
