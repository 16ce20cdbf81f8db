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
{{- if or (not .Values.auth.existingSecret) (include "kindling.chartStoresDatabasePassword" .) (include "kindling.chartStoresS3Keys" .) }}true{{- end }}
{{- end }}

{{/*
Whether the chart's Secret holds the S3 key pair (given in values, no existingSecret).
*/}}
{{- define "kindling.chartStoresS3Keys" -}}
{{- if and (not .Values.storage.s3.existingSecret) .Values.storage.s3.accessKey }}true{{- end }}
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
{{- if .root.Values.tls.enabled }}
# The SSL bundle "cluster" from the mounted Secret (tls.crt, tls.key, ca.crt), and TLS on with it.
- name: SPRING_SSL_BUNDLE_PEM_CLUSTER_KEYSTORE_CERTIFICATE
  value: "file:{{ include "kindling.tlsMountPath" . }}/tls.crt"
- name: SPRING_SSL_BUNDLE_PEM_CLUSTER_KEYSTORE_PRIVATEKEY
  value: "file:{{ include "kindling.tlsMountPath" . }}/tls.key"
- name: SPRING_SSL_BUNDLE_PEM_CLUSTER_TRUSTSTORE_CERTIFICATE
  value: "file:{{ include "kindling.tlsMountPath" . }}/ca.crt"
- name: KINDLING_TLS_BUNDLE
  value: cluster
- name: KINDLING_TLS_MUTUAL
  value: {{ .root.Values.tls.mutual | quote }}
{{- end }}
{{- include "kindling.storageEnv" .root }}
{{- end }}

{{/*
Object storage: the allowed locations and how to reach the store, the same for the driver and
every executor (each checks the locations and uses its own credentials; none travels with a
task). Keys from storage.s3.existingSecret or the chart's Secret; none: the AWS SDK's default
chain (e.g. a role bound to the ServiceAccount).
*/}}
{{- define "kindling.storageEnv" -}}
{{- $s3 := .Values.storage.s3 }}
{{- if .Values.storage.allowedLocations }}
- name: KINDLING_STORAGE_ALLOWEDLOCATIONS
  value: {{ join "," .Values.storage.allowedLocations | quote }}
{{- end }}
{{- if $s3.endpoint }}
- name: KINDLING_STORAGE_S3_ENDPOINT
  value: {{ $s3.endpoint | quote }}
{{- end }}
{{- if $s3.region }}
- name: KINDLING_STORAGE_S3_REGION
  value: {{ $s3.region | quote }}
{{- end }}
- name: KINDLING_STORAGE_S3_PATHSTYLEACCESS
  value: {{ $s3.pathStyle | quote }}
{{- if or $s3.existingSecret $s3.accessKey }}
- name: KINDLING_STORAGE_S3_ACCESSKEY
  valueFrom:
    secretKeyRef:
      name: {{ default (include "kindling.fullname" .) $s3.existingSecret }}
      key: {{ ternary $s3.accessKeyKey "s3-access-key" (ne $s3.existingSecret "") }}
- name: KINDLING_STORAGE_S3_SECRETKEY
  valueFrom:
    secretKeyRef:
      name: {{ default (include "kindling.fullname" .) $s3.existingSecret }}
      key: {{ ternary $s3.secretKeyKey "s3-secret-key" (ne $s3.existingSecret "") }}
{{- end }}
{{- end }}

{{/*
The data volume of both roles: the shared claim, or (data.enabled false: datasets live on
object storage only) an emptyDir of each pod's own.
*/}}
{{- define "kindling.dataVolume" -}}
- name: data
  {{- if .Values.data.enabled }}
  persistentVolumeClaim:
    claimName: {{ include "kindling.dataClaimName" . }}
  {{- else }}
  emptyDir: {}
  {{- end }}
{{- end }}

{{/*
Where the TLS Secret is mounted, read-only.
*/}}
{{- define "kindling.tlsMountPath" -}}
/etc/kindling/tls
{{- end }}

{{/*
The Secret holding tls.crt, tls.key and ca.crt: the given one, else the cert-manager
Certificate's. Fails when TLS is on without either.
*/}}
{{- define "kindling.tlsSecretName" -}}
{{- if .Values.tls.existingSecret }}
{{- .Values.tls.existingSecret }}
{{- else if .Values.tls.certManager.enabled }}
{{- printf "%s-tls" (include "kindling.fullname" .) }}
{{- else }}
{{- fail "tls.enabled needs tls.existingSecret or tls.certManager.enabled" }}
{{- end }}
{{- end }}

{{/*
http or https: the scheme every member and client of the release uses.
*/}}
{{- define "kindling.scheme" -}}
{{- ternary "https" "http" .Values.tls.enabled }}
{{- end }}

{{/*
The driver's URL inside the cluster, through its Service; the certificate must name this host.
*/}}
{{- define "kindling.driver.url" -}}
{{- printf "%s://%s:%d" (include "kindling.scheme" .) (include "kindling.driver.fullname" .) (int .Values.driver.service.port) }}
{{- end }}

{{/*
The TLS volume of a Kindling pod (only with tls.enabled).
*/}}
{{- define "kindling.tlsVolume" -}}
{{- if .Values.tls.enabled }}
- name: tls
  secret:
    secretName: {{ include "kindling.tlsSecretName" . }}
    defaultMode: 0440
{{- end }}
{{- end }}

{{/*
The TLS volume mount of a Kindling container (only with tls.enabled).
*/}}
{{- define "kindling.tlsVolumeMount" -}}
{{- if .Values.tls.enabled }}
- name: tls
  mountPath: {{ include "kindling.tlsMountPath" . }}
  readOnly: true
{{- end }}
{{- end }}

{{/*
The three probes on the actuator health groups, over HTTPS with TLS (the kubelet checks no
certificate). Called with (dict "role" .Values.driver|.Values.executor "tls" .Values.tls.enabled).
*/}}
{{- define "kindling.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
    {{- if .tls }}
    scheme: HTTPS
    {{- end }}
  periodSeconds: {{ .role.startupProbe.periodSeconds }}
  timeoutSeconds: {{ .role.startupProbe.timeoutSeconds }}
  failureThreshold: {{ .role.startupProbe.failureThreshold }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
    {{- if .tls }}
    scheme: HTTPS
    {{- end }}
  periodSeconds: {{ .role.livenessProbe.periodSeconds }}
  timeoutSeconds: {{ .role.livenessProbe.timeoutSeconds }}
  failureThreshold: {{ .role.livenessProbe.failureThreshold }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
    {{- if .tls }}
    scheme: HTTPS
    {{- end }}
  periodSeconds: {{ .role.readinessProbe.periodSeconds }}
  timeoutSeconds: {{ .role.readinessProbe.timeoutSeconds }}
  failureThreshold: {{ .role.readinessProbe.failureThreshold }}
{{- end }}

{{/*
A hash of the values that feed the Secret(s). Generated values are left out on purpose: they
are kept across upgrades, so they never change the hash and never restart pods by themselves.
*/}}
{{- define "kindling.authChecksum" -}}
{{- list .Values.auth .Values.database.postgresql.existingSecret .Values.database.postgresql.passwordKey .Values.database.postgresql.password | toJson | sha256sum }}
{{- end }}
