package org.lifeline.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks do fail: a deliberately broken manifest trips every rule, and an invalid field trips the API check. */
class BrokenFixtureTest {

    @Test
    void shouldReportEveryBrokenPolicy() throws Exception {
        List<ObjectNode> objects = Manifests.parse(Files.readString(
                Path.of(getClass().getResource("/broken/manifests.yaml").toURI())));
        List<String> problems = ManifestPolicy.violations(objects);
        List<String> expected = List.of(
                "Deployment/bad: automountServiceAccountToken must be false",
                "Deployment/bad container app: image example.org/app:latest must have a pinned tag, not latest or none",
                "Deployment/bad container app: resources.limits.cpu missing",
                "Deployment/bad container app: resources.limits.memory missing",
                "Deployment/bad container app: livenessProbe missing",
                "Deployment/bad container app: must run as non-root",
                "Deployment/bad container app: root filesystem must be read-only",
                "Deployment/bad container app: allowPrivilegeEscalation must be false",
                "Deployment/bad container app: must drop ALL capabilities",
                "Deployment/bad container app: DB_PASSWORD has a literal value; use a secretKeyRef",
                "Deployment/bad: no NetworkPolicy selects its pods",
                "Secret/bad-secret: secret values must not be in the manifests (refer to Secrets by name)",
                "Ingress/bad: Ingress without TLS");
        for (String problem : expected) {
            assertTrue(problems.contains(problem), "expected: " + problem + "\nfound: " + problems);
        }
        assertEquals(expected.size() + 1, problems.size(), "and the readiness probe: " + problems);
    }

    @Test
    void shouldRejectFieldsAndApisKubernetesDoesNotHave() throws Exception {
        List<ObjectNode> objects = Manifests.parse(Files.readString(
                Path.of(getClass().getResource("/broken/manifests.yaml").toURI())));
        List<String> errors = KubernetesApi.errors(objects);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("Service/bad:") && e.contains("prots")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("HorizontalPodAutoscaler/old:")
                && e.contains("autoscaling/v2beta2")), errors.toString());
    }
}
