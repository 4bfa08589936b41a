/**
 * `.Capabilities`: the cluster's Kubernetes version, its API versions and the helm version,
 * as helm's common.Capabilities. Without a cluster, the defaults of helm v4.1.4 apply
 * (Kubernetes v1.35.0 and the API group/versions of its client library).
 */
import { GoStruct } from '../gotemplate/index.js';

/** The group/versions helm v4.1.4 assumes without a cluster, in its order. */
export const defaultAPIVersions: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

/** The helm build whose behaviour bosun reproduces; templates see it as `.Capabilities.HelmVersion`. */
export const helmBuildInfo = {
  version: 'v4.1.4',
  git_commit: '05fa37973dc9e42b76e1d2883494c87174b6074f',
  git_tree_state: 'clean',
  go_version: 'go1.25.9',
  kube_client_version: 'v1.35',
} as const;

export class KubeVersion extends GoStruct {
  readonly goTypeName = 'common.KubeVersion';
  readonly Version: string;
  readonly Major: string;
  readonly Minor: string;
  readonly #normalized: string;

  constructor(version: string, major: string, minor: string, normalized = version) {
    super();
    this.Version = version;
    this.Major = major;
    this.Minor = minor;
    this.#normalized = normalized;
  }

  override goMethods(): readonly string[] {
    return ['String', 'GitVersion'];
  }

  String(): string {
    return this.#normalized || this.Version;
  }

  /** Deprecated in helm, still used by many charts. */
  GitVersion(): string {
    return this.Version;
  }

  toJSONValue(): unknown {
    return { Version: this.Version, Major: this.Major, Minor: this.Minor };
  }

  /** Parses like helm's ParseKubeVersion (k8s "generic" versions: v1.33, 1.33.4-gke.1). */
  static parse(input: string): KubeVersion {
    const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(input.trim());
    if (!m || (m[4] !== '' && !/^[-+]/.test(m[4]!))) {
      throw new Error(`could not parse "${input}" as version`);
    }
    const version = input.startsWith('v') ? input : `v${input}`;
    const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '0')];
    return new KubeVersion(version, String(major), String(minor), `v${major}.${minor}.${patch}`);
  }
}

/** A list of API group/versions with `Has`. */
export class VersionSet extends GoStruct {
  readonly goTypeName = 'common.VersionSet';
  constructor(readonly versions: readonly string[]) {
    super();
  }
  override goMethods(): readonly string[] {
    return ['Has'];
  }
  override goMethodParams(name: string): { params: ['string'] } | undefined {
    return name === 'Has' ? { params: ['string'] } : undefined;
  }
  Has(apiVersion: string): boolean {
    return this.versions.includes(apiVersion);
  }
  toJSONValue(): unknown {
    return [...this.versions];
  }
}

export class HelmVersion extends GoStruct {
  readonly goTypeName = 'version.BuildInfo';
  readonly Version = helmBuildInfo.version;
  readonly GitCommit = helmBuildInfo.git_commit;
  readonly GitTreeState = helmBuildInfo.git_tree_state;
  readonly GoVersion = helmBuildInfo.go_version;
  readonly KubeClientVersion = helmBuildInfo.kube_client_version;
  toJSONValue(): unknown {
    return { ...helmBuildInfo };
  }
}

export class Capabilities extends GoStruct {
  readonly goTypeName = '*common.Capabilities';
  readonly KubeVersion: KubeVersion;
  readonly APIVersions: VersionSet;
  readonly HelmVersion: HelmVersion;

  constructor(opts: { kubeVersion?: KubeVersion; apiVersions?: readonly string[] } = {}) {
    super();
    this.KubeVersion = opts.kubeVersion ?? new KubeVersion('v1.35.0', '1', '35');
    this.APIVersions = new VersionSet(opts.apiVersions ?? defaultAPIVersions);
    this.HelmVersion = new HelmVersion();
  }

  toJSONValue(): unknown {
    return {
      KubeVersion: this.KubeVersion.toJSONValue(),
      APIVersions: this.APIVersions.toJSONValue(),
      HelmVersion: this.HelmVersion.toJSONValue(),
    };
  }
}
