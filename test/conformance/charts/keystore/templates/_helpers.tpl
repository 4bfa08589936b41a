{{/* vim: set filetype=mustache: */}}
{{- define "keystore.primary.fullname" -}}
{{- printf "%s-primary" (include "common.names.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "keystore.replicas.fullname" -}}
{{- printf "%s-replicas" (include "common.names.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "keystore.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global) }}
{{- end -}}

{{- define "keystore.metrics.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.metrics.image "global" .Values.global) }}
{{- end -}}

{{- define "keystore.imagePullSecrets" -}}
{{- include "common.images.renderPullSecrets" (dict "images" (list .Values.image .Values.metrics.image) "context" $) -}}
{{- end -}}

{{- define "keystore.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
    {{ default (include "common.names.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
    {{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{- define "keystore.secretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- printf "%s" (tpl .Values.auth.existingSecret $) -}}
{{- else -}}
{{- printf "%s" (include "common.names.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "keystore.secretPasswordKey" -}}
{{- if and .Values.auth.existingSecret .Values.auth.existingSecretPasswordKey -}}
{{- printf "%s" (tpl .Values.auth.existingSecretPasswordKey $) -}}
{{- else -}}
{{- printf "keystore-password" -}}
{{- end -}}
{{- end -}}

{{- define "keystore.createSecret" -}}
{{- if and .Values.auth.enabled (not .Values.auth.existingSecret) -}}
    {{- true -}}
{{- end -}}
{{- end -}}

{{/* A merged view of the pod settings of a role; the role's own keys win over the primary's. */}}
{{- define "keystore.roleSettings" -}}
{{- $base := deepCopy .context.Values.primary -}}
{{- $role := index .context.Values .role | default dict -}}
{{- mergeOverwrite $base (deepCopy $role) | toYaml -}}
{{- end -}}

{{- define "keystore.validateValues" -}}
{{- $messages := list -}}
{{- $messages := append $messages (include "keystore.validateValues.architecture" .) -}}
{{- $messages := append $messages (include "keystore.validateValues.replicaCount" .) -}}
{{- $messages := without $messages "" -}}
{{- $message := join "\n" $messages -}}
{{- if $message -}}
{{-   printf "\nVALUES VALIDATION:\n%s" $message | fail -}}
{{- end -}}
{{- end -}}

{{- define "keystore.validateValues.architecture" -}}
{{- if and (ne .Values.architecture "standalone") (ne .Values.architecture "replication") -}}
keystore: architecture
    Invalid architecture selected. Valid values are "standalone" and
    "replication". Please set a valid architecture (--set architecture="xxxx")
{{- end -}}
{{- end -}}

{{- define "keystore.validateValues.replicaCount" -}}
{{- if and (eq .Values.architecture "replication") (lt (int .Values.replica.replicaCount) 0) -}}
keystore: replica.replicaCount
    A negative replica count is not allowed.
{{- end -}}
{{- end -}}
