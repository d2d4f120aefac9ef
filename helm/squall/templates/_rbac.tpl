{{/*
The operator's permissions, shared by the ClusterRole (rbac.scope=cluster) and the per-namespace
Roles (rbac.scope=namespaced). This is the source of truth: keep it the minimum the operator needs.
*/}}
{{- define "squall.rbac.rules" -}}
# Squall's own resources: reconciled, and Executions created by rules and workflows.
- apiGroups: ["squall.io"]
  resources: ["actions", "workflows", "rules", "sensors", "executions"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Status is written through the status subresource only.
- apiGroups: ["squall.io"]
  resources: ["actions/status", "workflows/status", "rules/status", "sensors/status", "executions/status"]
  verbs: ["get", "update", "patch"]
# Kubernetes Events about the resources it reconciles.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# One Job per execution attempt; never updated, deleted on cancel and by the history policy.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
# Execution request Secrets, sensor configuration ConfigMaps, scripts from ConfigMaps.
- apiGroups: [""]
  resources: ["secrets", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Runner pods are read to report why an execution died (OOMKilled, ImagePullBackOff, eviction).
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# Sensors run as Deployments; webhook sensors get a Service.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- if .Values.ingress.enabled }}
# ingress.enabled: webhook sensors get an Ingress.
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
{{- end }}

{{/* Leader election: one Lease in the release namespace; and the Secrets the operator creates there (the datastore key, the inquiry webhook's certificate). */}}
{{- define "squall.rbac.leaderElectionRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "list", "watch", "create", "update", "patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create"]
{{- end }}

{{/*
The sensors' ServiceAccount (poll and kubernetes-events sensors; webhook and image sensors get no token):
a Lease, as those sensors write from one replica, and reading Events, for kubernetes-events sensors.
*/}}
{{- define "squall.rbac.sensorRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "list", "watch"]
{{- end }}
