package org.lifeline.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * k8s/: the base is what the chart renders (generated; this test fails when they drift) and the
 * overlays are Kustomize patches on it. Regenerate the base after a chart change with
 * {@code ./mvnw -pl tests/deploy-checks test -Dlifeline.k8s.write=true}.
 */
class KustomizeAndDriftTest {

    static final String HEADER = """
            # GENERATED from helm/lifeline with default values (release "lifeline", namespace "lifeline").
            # Do not edit: change the chart, then run
            #   ./mvnw -pl tests/deploy-checks test -Dlifeline.k8s.write=true
            # KustomizeAndDriftTest fails when this file and the chart drift apart.
            """;

    @Test
    void shouldKeepTheBaseIdenticalToTheChart() throws Exception {
        Path base = Manifests.root().resolve("k8s/base/lifeline.yaml");
        String rendered = HEADER + Manifests.render(null, Map.of());
        if (Boolean.getBoolean("lifeline.k8s.write")) {
            Files.writeString(base, rendered);
        }
        assertEquals(Manifests.parse(rendered), Manifests.parse(Files.readString(base)),
                "k8s/base/lifeline.yaml differs from the chart: regenerate it (see the file's header)");
        assertEquals(rendered, Files.readString(base), "same objects, but the text differs: regenerate it");
    }

    @Test
    void shouldRenderValidOverlaysThatKeepThePolicies() {
        for (String overlay : List.of("dev", "prod")) {
            List<ObjectNode> objects = Manifests.parse(Manifests.kustomize(Manifests.root().resolve("k8s/overlays/" + overlay)));
            assertEquals(List.of(), KubernetesApi.errors(objects), overlay);
            assertEquals(List.of(), ManifestPolicy.violations(objects), overlay);
        }
    }

    @Test
    void shouldSizeTheOverlaysDifferently() {
        List<ObjectNode> dev = Manifests.parse(Manifests.kustomize(Manifests.root().resolve("k8s/overlays/dev")));
        List<ObjectNode> prod = Manifests.parse(Manifests.kustomize(Manifests.root().resolve("k8s/overlays/prod")));
        assertEquals(1, KubernetesApi.first(dev, "HorizontalPodAutoscaler", "lifeline-gateway").at("/spec/minReplicas").asInt());
        assertEquals(3, KubernetesApi.first(prod, "HorizontalPodAutoscaler", "lifeline-gateway").at("/spec/minReplicas").asInt());
        assertEquals("lifeline.dev.example.org",
                KubernetesApi.first(dev, "Ingress", "lifeline").at("/spec/rules/0/host").asText());
    }
}
