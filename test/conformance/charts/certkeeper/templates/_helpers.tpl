{{/* Expand the name of the chart. */}}
{{- define "certkeeper.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "certkeeper.fullname" -}}
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

{{- define "certkeeper.namespace" -}}
{{- default (default .Release.Namespace .Values.namespace) "" -}}
{{- end -}}

{{- define "certkeeper.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
    {{ default (include "certkeeper.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
    {{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{- define "webhook.fullname" -}}
{{- $trimmedName := printf "%s" (include "certkeeper.fullname" .) | trunc 52 | trimSuffix "-" -}}
{{- printf "%s-webhook" $trimmedName | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "webhook.caRef" -}}
{{- template "certkeeper.namespace" }}/{{ template "webhook.fullname" . }}-ca
{{- end -}}

{{- define "cainjector.fullname" -}}
{{- $trimmedName := printf "%s" (include "certkeeper.fullname" .) | trunc 52 | trimSuffix "-" -}}
{{- printf "%s-cainjector" $trimmedName | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "startupapicheck.fullname" -}}
{{- $trimmedName := printf "%s" (include "certkeeper.fullname" .) | trunc 52 | trimSuffix "-" -}}
{{- printf "%s-startupapicheck" $trimmedName | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "chartName" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that every object carries. Usage: include "labels" (dict "context" $ "component" "controller") */}}
{{- define "labels" -}}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
{{- if eq .context.Values.creator "helm" }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
helm.sh/chart: {{ include "chartName" .context }}
{{- end -}}
{{- if .context.Values.global.commonLabels }}
{{ include "certkeeper.tplvalues" (dict "value" .context.Values.global.commonLabels "context" .context) }}
{{- end }}
{{- end -}}

{{- define "certkeeper.tplvalues" -}}
{{- if typeIs "string" .value }}
{{- tpl .value .context }}
{{- else }}
{{- tpl (.value | toYaml) .context }}
{{- end }}
{{- end -}}

{{/* The image reference; a digest wins over a tag, the tag defaults to the app version. */}}
{{- define "image" -}}
{{- $defaultTag := index . 1 -}}
{{- with index . 0 -}}
{{- if .registry -}}{{ printf "%s/%s" .registry .repository }}{{- else -}}{{- .repository -}}{{- end -}}
{{- if .digest -}}{{ printf "@%s" .digest }}{{- else -}}{{ printf ":%s" (default $defaultTag .tag) }}{{- end -}}
{{- end }}
{{- end }}

{{- define "certkeeper.crd-check" -}}
  {{- if and (.Values.installCRDs) (.Values.crds.enabled) }}
    {{- fail "ERROR: the deprecated .installCRDs option cannot be enabled at the same time as its replacement .crds.enabled" }}
  {{- end }}
{{- end }}

{{- define "certkeeper.crd-labels" -}}
app: "{{ template "certkeeper.name" . }}"
app.kubernetes.io/name: "{{ template "certkeeper.name" . }}"
app.kubernetes.io/instance: "{{ .Release.Name }}"
app.kubernetes.io/component: "crds"
{{ include "labels" (dict "context" .) }}
{{- end -}}

{{- define "certkeeper.crds.keep" -}}
{{- if and .Values.crds.enabled .Values.crds.keep -}}
helm.sh/resource-policy: keep
{{- end -}}
{{- end -}}
