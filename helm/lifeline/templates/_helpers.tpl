{{/* Chart name and fullname, bitnami style. */}}
{{- define "lifeline.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "lifeline.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: <fullname>-<service>. Call with (dict "root" $ "name" $name). */}}
{{- define "lifeline.serviceName" -}}
{{- printf "%s-%s" (include "lifeline.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that never change (selectors). */}}
{{- define "lifeline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "lifeline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* All standard labels. */}}
{{- define "lifeline.labels" -}}
{{ include "lifeline.selectorLabels" . }}
app.kubernetes.io/part-of: lifeline
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "lifeline.image" -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .svc.image .root.Values.image.tag -}}
{{- end -}}

{{/* Where the dependencies are. */}}
{{- define "lifeline.postgresHost" -}}
{{- if eq .Values.postgres.mode "operator" -}}{{ include "lifeline.fullname" . }}-pg-rw{{- else -}}{{ .Values.postgres.external.host }}{{- end -}}
{{- end -}}
{{- define "lifeline.postgresPort" -}}
{{- if eq .Values.postgres.mode "operator" -}}5432{{- else -}}{{ .Values.postgres.external.port }}{{- end -}}
{{- end -}}
{{- define "lifeline.postgresSecret" -}}
{{- if .Values.postgres.credentialsSecret -}}{{ .Values.postgres.credentialsSecret }}{{- else -}}{{ include "lifeline.fullname" . }}-pg-app{{- end -}}
{{- end -}}
{{- define "lifeline.kafkaBootstrap" -}}
{{- if eq .Values.kafka.mode "operator" -}}{{ include "lifeline.fullname" . }}-kafka-kafka-bootstrap:9092{{- else -}}{{ .Values.kafka.external.bootstrapServers }}{{- end -}}
{{- end -}}
{{- define "lifeline.keycloakUrl" -}}
{{- if eq .Values.keycloak.mode "operator" -}}http://{{ include "lifeline.fullname" . }}-keycloak-service:8080{{- else -}}{{ .Values.keycloak.external.url }}{{- end -}}
{{- end -}}

{{/* Replicas a service starts with (the HPA minimum when autoscaling). */}}
{{- define "lifeline.minReplicas" -}}
{{- if .svc.autoscaling.enabled -}}{{ .svc.autoscaling.minReplicas }}{{- else -}}{{ .svc.replicas }}{{- end -}}
{{- end -}}

{{/* The container port answering /q/health and /q/metrics: "management" when the service has one, else "http". */}}
{{- define "lifeline.healthPortName" -}}
{{- if .managementPort }}management{{ else }}http{{ end }}
{{- end }}

{{/* Resources and security context of a helm test container. */}}
{{- define "lifeline.testContainer" -}}
resources:
  requests: {cpu: 10m, memory: 16Mi}
  limits: {cpu: 100m, memory: 64Mi}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: {drop: [ALL]}
{{- end }}

{{/* Name of a service's Strimzi KafkaUser, which is also its Kafka user name and the name of its password's Secret. */}}
{{- define "lifeline.kafkaUser" -}}
{{ include "lifeline.serviceName" . }}
{{- end }}

{{/* Whether a service signs in to Kafka as its own KafkaUser (operator mode and services.<name>.kafka set). */}}
{{- define "lifeline.kafkaAuth" -}}
{{- if and (eq .root.Values.kafka.mode "operator") .svc.kafka }}true{{ end }}
{{- end }}
