package org.lifeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParser;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates objects against the Kubernetes 1.32 API, as published in the official Java client's
 * models (io.kubernetes:client-java-api 24.0.0): unknown fields, missing required fields and wrong
 * types are errors, and so is a kind or API version that 1.32 does not serve. Custom resources of
 * the operators the chart uses (their CRD schemas are not on Maven Central) are checked for their
 * group/version/kind, a name and a spec.
 */
final class KubernetesApi {

    static final String VERSION = "1.32";

    private static final Map<String, String> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", "V1ConfigMap"),
            Map.entry("v1/Service", "V1Service"),
            Map.entry("v1/Pod", "V1Pod"),
            Map.entry("v1/Secret", "V1Secret"),
            Map.entry("v1/ServiceAccount", "V1ServiceAccount"),
            Map.entry("apps/v1/Deployment", "V1Deployment"),
            Map.entry("policy/v1/PodDisruptionBudget", "V1PodDisruptionBudget"),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "V1NetworkPolicy"),
            Map.entry("networking.k8s.io/v1/Ingress", "V1Ingress"));

    private static final List<String> CUSTOM = List.of(
            "postgresql.cnpg.io/v1/Cluster",
            "kafka.strimzi.io/v1beta2/Kafka",
            "kafka.strimzi.io/v1beta2/KafkaNodePool",
            "kafka.strimzi.io/v1beta2/KafkaTopic",
            "kafka.strimzi.io/v1beta2/KafkaUser",
            "k8s.keycloak.org/v2alpha1/Keycloak",
            "k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
            "monitoring.coreos.com/v1/ServiceMonitor");

    private KubernetesApi() {
    }

    static List<String> errors(List<ObjectNode> objects) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode object : objects) {
            String gvk = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            String id = Manifests.id(object);
            if (CUSTOM.contains(gvk)) {
                if (object.path("metadata").path("name").asText().isEmpty() || !object.path("spec").isObject()) {
                    errors.add(id + ": custom resource " + gvk + " needs metadata.name and spec");
                }
                continue;
            }
            String model = MODELS.get(gvk);
            if (model == null) {
                errors.add(id + ": " + gvk + " is not an API this chart may use on Kubernetes " + VERSION);
                continue;
            }
            try {
                Class<?> type = Class.forName("io.kubernetes.client.openapi.models." + model);
                type.getMethod("validateJsonElement", com.google.gson.JsonElement.class)
                        .invoke(null, JsonParser.parseString(Manifests.JSON.writeValueAsString(object)));
            } catch (InvocationTargetException e) {
                errors.add(id + ": " + e.getCause().getMessage());
            } catch (ReflectiveOperationException | java.io.IOException e) {
                errors.add(id + ": cannot validate: " + e);
            }
        }
        return errors;
    }

    static JsonNode first(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())
                && name.equals(o.path("metadata").path("name").asText())).findFirst().orElse(null);
    }
}
