{{- define "edgeproxy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "edgeproxy.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "edgeproxy.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "edgeproxy.namespace" -}}
{{- default .Release.Namespace .Values.namespaceOverride -}}
{{- end -}}

{{- define "edgeproxy.instance-name" -}}
{{- default (printf "%s-%s" .Release.Name (include "edgeproxy.namespace" .)) .Values.instanceLabelOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "edgeproxy.labelselector" -}}
app.kubernetes.io/name: {{ template "edgeproxy.name" . }}
app.kubernetes.io/instance: {{ template "edgeproxy.instance-name" . }}
{{- end }}

{{- define "edgeproxy.labels" -}}
{{ include "edgeproxy.labelselector" . }}
helm.sh/chart: {{ template "edgeproxy.chart" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "edgeproxy.serviceAccountName" -}}
{{- default (include "edgeproxy.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "edgeproxy.image-name" -}}
{{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end -}}

{{/* Whether the cluster serves the Gateway API; explicit --api-versions or values win. */}}
{{- define "edgeproxy.gatewayAPI" -}}
{{- if or (.Capabilities.APIVersions.Has "gateway.networking.k8s.io/v1") .Values.experimental.kubernetesGateway.enabled -}}
true
{{- end -}}
{{- end -}}

{{/* The arguments of the proxy process, one per line; ports are sorted by name. */}}
{{- define "edgeproxy.args" -}}
{{- with .Values.globalArguments }}
{{- range . }}
- {{ . | quote }}
{{- end }}
{{- end }}
{{- range $name, $config := .Values.ports }}
{{- if $config }}
- "--entryPoints.{{ $name }}.address=:{{ $config.port }}/{{ default "tcp" $config.protocol | lower }}"
{{- with $config.transport }}
{{- with .respondingTimeouts }}
{{- if and (ne .readTimeout nil) (toString .readTimeout) }}
- "--entryPoints.{{ $name }}.transport.respondingTimeouts.readTimeout={{ .readTimeout }}"
{{- end }}
{{- if ne .writeTimeout nil }}
- "--entryPoints.{{ $name }}.transport.respondingTimeouts.writeTimeout={{ .writeTimeout }}"
{{- end }}
{{- end }}
{{- with .lifeCycle }}
- "--entryPoints.{{ $name }}.transport.lifeCycle.graceTimeOut={{ .graceTimeOut }}"
{{- end }}
{{- if .keepAliveMaxRequests }}
- "--entryPoints.{{ $name }}.transport.keepAliveMaxRequests={{ int .keepAliveMaxRequests }}"
- "--entryPoints.{{ $name }}.transport.keepAliveMaxRequestsRaw={{ .keepAliveMaxRequests }}"
{{- end }}
{{- end }}
{{- with $config.forwardedHeaders }}
{{- if .trustedIPs }}
- "--entryPoints.{{ $name }}.forwardedHeaders.trustedIPs={{ join "," .trustedIPs }}"
{{- end }}
{{- if .insecure }}
- "--entryPoints.{{ $name }}.forwardedHeaders.insecure"
{{- end }}
{{- end }}
{{- if $config.tls }}
{{- if $config.tls.enabled }}
- "--entryPoints.{{ $name }}.http.tls=true"
{{- with $config.tls.certResolver }}
- "--entryPoints.{{ $name }}.http.tls.certResolver={{ . }}"
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
- "--api.dashboard=true"
- "--ping=true"
{{- with .Values.metrics.prometheus }}
- "--metrics.prometheus=true"
- "--metrics.prometheus.entrypoint={{ .entryPoint }}"
{{- if .addRoutersLabels }}
- "--metrics.prometheus.addRoutersLabels=true"
{{- end }}
- "--metrics.prometheus.buckets={{ .buckets }}"
{{- end }}
{{- if .Values.providers.kubernetesCRD.enabled }}
- "--providers.kubernetescrd"
{{- if .Values.providers.kubernetesCRD.allowCrossNamespace }}
- "--providers.kubernetescrd.allowCrossNamespace=true"
{{- end }}
{{- end }}
{{- if .Values.providers.kubernetesIngress.enabled }}
- "--providers.kubernetesingress"
{{- if .Values.providers.kubernetesIngress.publishedService.enabled }}
- "--providers.kubernetesingress.ingressendpoint.publishedservice={{ template "edgeproxy.namespace" . }}/{{ template "edgeproxy.fullname" . }}"
{{- end }}
{{- end }}
{{- if include "edgeproxy.gatewayAPI" . }}
- "--providers.kubernetesgateway"
{{- end }}
{{- if .Values.providers.file.enabled }}
- "--providers.file.directory=/etc/edgeproxy/dynamic"
{{- if .Values.providers.file.watch }}
- "--providers.file.watch=true"
{{- end }}
{{- end }}
- "--log.level={{ .Values.logs.general.level }}"
{{- with .Values.logs.general.format }}
- "--log.format={{ . }}"
{{- end }}
{{- if .Values.logs.access.enabled }}
- "--accesslog=true"
- "--accesslog.format={{ .Values.logs.access.format }}"
{{- with .Values.logs.access.bufferingSize }}
- "--accesslog.bufferingsize={{ . }}"
{{- end }}
{{- range $field, $mode := .Values.logs.access.fields.headers.names }}
- "--accesslog.fields.headers.names.{{ $field }}={{ $mode }}"
{{- end }}
{{- end }}
- "--tracing.sampleRate={{ .Values.tracing.sampleRate }}"
{{- range $resolver, $config := $.Values.certResolvers }}
{{- range $option, $setting := $config }}
{{- if kindIs "map" $setting }}
{{- range $field, $value := $setting }}
- "--certificatesresolvers.{{ $resolver }}.acme.{{ $option }}.{{ $field }}={{ if kindIs "slice" $value }}{{ join "," $value }}{{ else }}{{ $value }}{{ end }}"
{{- end }}
{{- else }}
- "--certificatesresolvers.{{ $resolver }}.acme.{{ $option }}={{ $setting }}"
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.additionalArguments }}
{{- range . }}
- {{ tpl . $ | quote }}
{{- end }}
{{- end }}
{{- end }}
