{{/*
Expand the name of the chart.
*/}}
{{- define "kindling.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
The role suffixes ("-driver", "-executor") are added by the callers, so the base is cut at 50.
*/}}
{{- define "kindling.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "kindling.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "kindling.labels" -}}
helm.sh/chart: {{ include "kindling.chart" . }}
{{ include "kindling.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kindling
{{- end }}

{{/*
Selector labels
*/}}
{{- define "kindling.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kindling.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Per-role labels and selectors. The component label is part of every selector, so the driver
Service never selects executor pods and the executor Deployment never adopts the driver pod.
*/}}
{{- define "kindling.driver.labels" -}}
{{ include "kindling.labels" . }}
app.kubernetes.io/component: driver
{{- end }}

{{- define "kindling.driver.selectorLabels" -}}
{{ include "kindling.selectorLabels" . }}
app.kubernetes.io/component: driver
{{- end }}

{{- define "kindling.executor.labels" -}}
{{ include "kindling.labels" . }}
app.kubernetes.io/component: executor
{{- end }}

{{- define "kindling.executor.selectorLabels" -}}
{{ include "kindling.selectorLabels" . }}
app.kubernetes.io/component: executor
{{- end }}

{{/*
Resource names.
*/}}
{{- define "kindling.driver.fullname" -}}
{{- printf "%s-driver" (include "kindling.fullname" .) }}
{{- end }}

{{- define "kindling.executor.fullname" -}}
{{- printf "%s-executor" (include "kindling.fullname" .) }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "kindling.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kindling.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image both roles run.
*/}}
{{- define "kindling.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The Secret holding the shared secret and the API key.
*/}}
{{- define "kindling.authSecretName" -}}
{{- default (include "kindling.fullname" .) .Values.auth.existingSecret }}
{{- end }}

{{/*
Whether the chart renders its own Secret: for generated/given auth values, or for a PostgreSQL
password given in values.
*/}}
{{- define "kindling.createSecret" -}}
{{- if or (not .Values.auth.existingSecret) (include "kindling.chartStoresDatabasePassword" .) }}true{{- end }}
{{- end }}

{{- define "kindling.chartStoresDatabasePassword" -}}
{{- if and (eq .Values.database.type "postgresql") (not .Values.database.postgresql.existingSecret) }}true{{- end }}
{{- end }}

{{/*
Where the PostgreSQL password comes from: the user's Secret or the chart's.
*/}}
{{- define "kindling.databaseSecretName" -}}
{{- default (include "kindling.fullname" .) .Values.database.postgresql.existingSecret }}
{{- end }}

{{- define "kindling.databaseSecretKey" -}}
{{- if .Values.database.postgresql.existingSecret }}
{{- .Values.database.postgresql.passwordKey }}
{{- else -}}
database-password
{{- end }}
{{- end }}

{{/*
The PVC claim names.
*/}}
{{- define "kindling.dataClaimName" -}}
{{- default (printf "%s-data" (include "kindling.fullname" .)) .Values.data.existingClaim }}
{{- end }}

{{- define "kindling.driver.claimName" -}}
{{- default (printf "%s-db" (include "kindling.driver.fullname" .)) .Values.driver.persistence.existingClaim }}
{{- end }}

{{/*
storageClassName for a persistence block: "" omits it (cluster default), "-" sets it empty.
*/}}
{{- define "kindling.storageClass" -}}
{{- if .storageClass }}
{{- if eq "-" .storageClass }}
storageClassName: ""
{{- else }}
storageClassName: {{ .storageClass | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The H2 database lives under /var/lib/kindling, the image's volume for it.
*/}}
{{- define "kindling.h2MountPath" -}}
/var/lib/kindling
{{- end }}

{{/*
Environment shared by both roles: shutdown, data root, shared secret.
Called with (dict "root" $ "role" .Values.driver|.Values.executor).
*/}}
{{- define "kindling.commonEnv" -}}
- name: SERVER_PORT
  value: "8080"
- name: SERVER_SHUTDOWN
  value: graceful
- name: SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE
  value: {{ .role.shutdownTimeout | quote }}
- name: KINDLING_DATA_ROOT
  value: {{ .root.Values.data.mountPath | quote }}
- name: KINDLING_SECURITY_SHARED_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "kindling.authSecretName" .root }}
      key: {{ .root.Values.auth.sharedSecretKey }}
{{- end }}

{{/*
The three probes on the actuator health groups. Called with a role's values.
*/}}
{{- define "kindling.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .startupProbe.periodSeconds }}
  timeoutSeconds: {{ .startupProbe.timeoutSeconds }}
  failureThreshold: {{ .startupProbe.failureThreshold }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .livenessProbe.periodSeconds }}
  timeoutSeconds: {{ .livenessProbe.timeoutSeconds }}
  failureThreshold: {{ .livenessProbe.failureThreshold }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: {{ .readinessProbe.periodSeconds }}
  timeoutSeconds: {{ .readinessProbe.timeoutSeconds }}
  failureThreshold: {{ .readinessProbe.failureThreshold }}
{{- end }}

{{/*
A hash of the values that feed the Secret(s). Generated values are left out on purpose: they
are kept across upgrades, so they never change the hash and never restart pods by themselves.
*/}}
{{- define "kindling.authChecksum" -}}
{{- list .Values.auth .Values.database.postgresql.existingSecret .Values.database.postgresql.passwordKey .Values.database.postgresql.password | toJson | sha256sum }}
{{- end }}
