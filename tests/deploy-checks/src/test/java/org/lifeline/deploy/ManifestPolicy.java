package org.lifeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every Lifeline deployment keeps (issue 11): resources, probes, non-root, read-only root
 * filesystem, no capabilities, no service-account token, pinned images, a NetworkPolicy for every
 * workload, TLS on the Ingress, and no secret values in the manifests. Returns what is broken.
 */
final class ManifestPolicy {

    private ManifestPolicy() {
    }

    static List<String> violations(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> policies = objects.stream().filter(o -> "NetworkPolicy".equals(o.path("kind").asText()))
                .map(o -> (JsonNode) o).toList();
        for (ObjectNode object : objects) {
            String kind = object.path("kind").asText();
            String id = Manifests.id(object);
            switch (kind) {
                case "Deployment" -> {
                    JsonNode pod = object.path("spec").path("template");
                    checkPod(id, pod.path("spec"), true, problems);
                    Map<String, Object> labels = Manifests.JSON.convertValue(pod.path("metadata").path("labels"), Map.class);
                    if (policies.stream().noneMatch(p -> selects(p, labels))) {
                        problems.add(id + ": no NetworkPolicy selects its pods");
                    }
                }
                case "Pod" -> checkPod(id, object.path("spec"), false, problems);
                case "Secret" -> {
                    if (object.has("data") || object.has("stringData")) {
                        problems.add(id + ": secret values must not be in the manifests (refer to Secrets by name)");
                    }
                }
                case "Ingress" -> {
                    if (!object.path("spec").path("tls").isArray() || object.path("spec").path("tls").isEmpty()) {
                        problems.add(id + ": Ingress without TLS");
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    private static void checkPod(String id, JsonNode spec, boolean longRunning, List<String> problems) {
        if (!spec.path("automountServiceAccountToken").isBoolean() || spec.path("automountServiceAccountToken").asBoolean()) {
            problems.add(id + ": automountServiceAccountToken must be false");
        }
        boolean podNonRoot = spec.path("securityContext").path("runAsNonRoot").asBoolean(false);
        for (JsonNode container : spec.path("containers")) {
            String c = id + " container " + container.path("name").asText();
            String image = container.path("image").asText();
            String tag = image.contains("@") ? "digest" : image.lastIndexOf(':') > image.lastIndexOf('/')
                    ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest")) {
                problems.add(c + ": image " + image + " must have a pinned tag, not latest or none");
            }
            JsonNode resources = container.path("resources");
            for (String part : List.of("requests", "limits")) {
                for (String what : List.of("cpu", "memory")) {
                    if (resources.path(part).path(what).isMissingNode()) {
                        problems.add(c + ": resources." + part + "." + what + " missing");
                    }
                }
            }
            Set<String> probes = longRunning ? Set.of("livenessProbe", "readinessProbe", "startupProbe") : Set.of();
            for (String probe : probes) {
                if (container.path(probe).isMissingNode()) {
                    problems.add(c + ": " + probe + " missing");
                }
            }
            JsonNode security = container.path("securityContext");
            if (!(podNonRoot || security.path("runAsNonRoot").asBoolean(false))
                    || security.path("runAsNonRoot").asText().equals("false")) {
                problems.add(c + ": must run as non-root");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(c + ": root filesystem must be read-only");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(c + ": allowPrivilegeEscalation must be false");
            }
            boolean dropsAll = false;
            for (JsonNode cap : security.path("capabilities").path("drop")) {
                dropsAll |= cap.asText().equals("ALL");
            }
            if (!dropsAll) {
                problems.add(c + ": must drop ALL capabilities");
            }
            for (JsonNode env : container.path("env")) {
                if (env.has("value") && env.path("name").asText().matches("(?i).*(PASSWORD|SECRET|TOKEN).*")) {
                    problems.add(c + ": " + env.path("name").asText() + " has a literal value; use a secretKeyRef");
                }
            }
        }
    }

    /** Whether the policy's podSelector matches the labels. */
    private static boolean selects(JsonNode policy, Map<String, Object> labels) {
        JsonNode match = policy.path("spec").path("podSelector").path("matchLabels");
        if (match.isMissingNode() || match.isEmpty() || labels == null) {
            return false;
        }
        var fields = match.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().asText().equals(String.valueOf(labels.get(field.getKey())))) {
                return false;
            }
        }
        return true;
    }
}
