{{/* Name of the stack, trimmed so that suffixes still fit in 63 characters. */}}
{{- define "kube-stack.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 50 | trimSuffix "-" -}}
{{- end }}

{{- define "kube-stack.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 26 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 26 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 26 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "kube-stack.chartref" -}}
{{- replace "+" "_" .Chart.Version | printf "%s-%s" .Chart.Name -}}
{{- end }}

{{- define "kube-stack.namespace" -}}
  {{- if .Values.namespaceOverride -}}
    {{- .Values.namespaceOverride -}}
  {{- else -}}
    {{- .Release.Namespace -}}
  {{- end -}}
{{- end -}}

{{- define "kube-stack.labels" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: "{{ replace "+" "_" .Chart.Version }}"
app.kubernetes.io/part-of: {{ template "kube-stack.name" . }}
chart: {{ template "kube-stack.chartref" . }}
release: {{ $.Release.Name | quote }}
heritage: {{ $.Release.Service | quote }}
{{- if .Values.commonLabels }}
{{ toYaml .Values.commonLabels }}
{{- end }}
{{- end }}

{{- define "kube-stack.operator.fullname" -}}
{{- printf "%s-operator" (include "kube-stack.fullname" .) -}}
{{- end }}

{{- define "kube-stack.prometheus.crname" -}}
{{- if .Values.cleanPrometheusOperatorObjectNames }}{{ include "kube-stack.fullname" . }}{{ else }}{{ print (include "kube-stack.fullname" .) "-prometheus" }}{{ end }}
{{- end }}

{{- define "kube-stack.alertmanager.crname" -}}
{{- print (include "kube-stack.fullname" .) "-alertmanager" -}}
{{- end }}

{{/* Registry of an image: the global one wins. */}}
{{- define "kube-stack.image" -}}
{{- $registry := .global.imageRegistry | default .image.registry -}}
{{- $tag := .image.tag | default .default | toString -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- end }}

{{/* A rule is kept unless listed as disabled. Usage: include "kube-stack.rules.enabled" (dict "name" "X" "ctx" $) */}}
{{- define "kube-stack.rules.enabled" -}}
{{- if not (dig "disabled" .name false .ctx.Values.defaultRules) }}true{{ end -}}
{{- end }}

{{- define "kube-stack.kubeVersion" -}}
{{- default .Capabilities.KubeVersion.Version .Values.kubeTargetVersionOverride -}}
{{- end -}}
