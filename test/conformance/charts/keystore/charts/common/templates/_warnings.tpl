{{/* vim: set filetype=mustache: */}}
{{- define "common.warnings.rollingTag" -}}
{{- if and (contains "example/" .repository) (not (.tag | toString | regexFind "-r\\d+$|sha256:")) }}
WARNING: Rolling tag detected ({{ .repository }}:{{ .tag }}), please note that it is strongly recommended to avoid using rolling tags in a production environment.
{{- end }}
{{- end -}}

{{- define "common.warnings.resources" -}}
{{- $values := .context.Values -}}
{{- $printMessage := false -}}
{{ $affectedSections := list -}}
{{- range .sections -}}
  {{- if eq . "" -}}
    {{- if not (index $values "resources") -}}
    {{- $printMessage = true -}}
    {{- $affectedSections = append $affectedSections "resources" -}}
    {{- end -}}
  {{- else -}}
    {{- $keys := split "." . -}}
    {{- $section := $values -}}
    {{- range $keys -}}
      {{- $section = index $section . -}}
    {{- end -}}
    {{- if not (index $section "resources") -}}
      {{- if and (hasKey $section "enabled") (index $section "enabled") -}}
        {{- $printMessage = true -}}
        {{- $affectedSections = append $affectedSections (printf "%s.resources" .) -}}
      {{- end -}}
    {{- end -}}
  {{- end -}}
{{- end -}}
{{- if $printMessage }}

WARNING: There are "resources" sections in the chart not set. Using "resourcesPreset" is not recommended for production. For production installations, please set the following values according to your workload needs:
{{- range $affectedSections }}
  - {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
