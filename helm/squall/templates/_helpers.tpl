{{/* The chart name, overridable. */}}
{{- define "squall.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every object name: <release>-squall, or the release name when it already says squall. */}}
{{- define "squall.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The operator's objects: Deployment, Service, RBAC. */}}
{{- define "squall.operator.fullname" -}}
{{- printf "%s-operator" (include "squall.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Namespaces that get the sensors' ServiceAccount: sensor.serviceAccount.namespaces, else watchNamespaces. */}}
{{- define "squall.sensor.namespaces" -}}
{{- $namespaces := default .Values.watchNamespaces .Values.sensor.serviceAccount.namespaces }}
{{- toJson $namespaces }}
{{- end }}

{{- define "squall.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "squall.operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create=false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "squall.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "squall.labels" -}}
helm.sh/chart: {{ include "squall.chart" . }}
{{ include "squall.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: squall
{{- end }}

{{/* Labels of the sensors' ServiceAccount, Role and RoleBinding. */}}
{{- define "squall.sensor.labels" -}}
helm.sh/chart: {{ include "squall.chart" . }}
app.kubernetes.io/name: {{ include "squall.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: sensor
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: squall
{{- end }}

{{- define "squall.selectorLabels" -}}
app.kubernetes.io/name: {{ include "squall.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* repository:tag of an image block; an empty tag means the chart's appVersion. */}}
{{- define "squall.image" -}}
{{- $image := index . 0 }}
{{- $chart := index . 1 }}
{{- printf "%s:%s" $image.repository (default $chart.AppVersion $image.tag) }}
{{- end }}

{{/* Fails early on values that would render a chart the operator cannot run with. */}}
{{- define "squall.validate" -}}
{{- if not (has .Values.rbac.scope (list "cluster" "namespaced")) }}
{{- fail (printf "rbac.scope must be cluster or namespaced, got %q" .Values.rbac.scope) }}
{{- end }}
{{- if and .Values.rbac.create (eq .Values.rbac.scope "namespaced") (empty .Values.watchNamespaces) }}
{{- fail "rbac.scope=namespaced needs watchNamespaces: the operator gets a Role in each watched namespace" }}
{{- end }}
{{- with .Values.inquiries.admissionWebhook.url }}
{{- if not (hasPrefix "https://" .) }}
{{- fail (printf "inquiries.admissionWebhook.url must be an https:// URL (the API server calls webhooks over TLS only), got %q" .) }}
{{- end }}
{{- end }}
{{- if not (has .Values.log.format (list "json" "text")) }}
{{- fail (printf "log.format must be json or text, got %q" .Values.log.format) }}
{{- end }}
{{- end }}

{{/* The inquiry admission webhook: its MutatingWebhookConfiguration, Service and the operator's Secret for it. */}}
{{- define "squall.inquiryWebhook.configuration" -}}
{{- printf "%s-inquiries" (include "squall.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "squall.inquiryWebhook.service" -}}
{{- printf "%s-inquiry-webhook" (include "squall.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "squall.inquiryWebhook.secret" -}}
{{- printf "%s-inquiry-webhook" (include "squall.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The names the API server calls the webhook at: the URL's host, or the Service's DNS names. */}}
{{- define "squall.inquiryWebhook.hosts" -}}
{{- $url := .Values.inquiries.admissionWebhook.url }}
{{- if $url }}
{{- (urlParse $url).hostname }}
{{- else }}
{{- $service := include "squall.inquiryWebhook.service" . }}
{{- printf "%s.%s.svc,%s.%s.svc.cluster.local,%s.%s,%s" $service .Release.Namespace $service .Release.Namespace $service .Release.Namespace $service }}
{{- end }}
{{- end }}
