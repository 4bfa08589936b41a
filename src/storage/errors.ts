/**
 * Storage errors. Messages of the first three are helm's own (pkg/storage/driver/driver.go), so
 * output that quotes them matches helm; callers branch on `code` or `instanceof`.
 */

export class StorageError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** No record for the key, or no revision at all for a release name. */
export class ReleaseNotFoundError extends StorageError {
  constructor(readonly key?: string) {
    super('ERELEASENOTFOUND', 'release: not found');
  }
}

/** A record with that name and revision already exists. */
export class ReleaseExistsError extends StorageError {
  constructor(readonly key?: string) {
    super('ERELEASEEXISTS', 'release: already exists');
  }
}

/** A key that is not `sh.helm.release.v1.NAME.vN`. */
export class InvalidKeyError extends StorageError {
  constructor(readonly key: string) {
    super('EINVALIDKEY', 'release: invalid key');
  }
}

/** helm's `"NAME" has no deployed releases`. */
export class NoDeployedReleasesError extends StorageError {
  constructor(readonly releaseName: string) {
    super('ENODEPLOYEDRELEASES', `${JSON.stringify(releaseName)} has no deployed releases`);
  }
}

/** The encoded record would not fit in a Secret or ConfigMap (1 MiB of data). */
export class ReleaseTooLargeError extends StorageError {
  constructor(
    readonly releaseName: string,
    readonly revision: number,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      'ERELEASETOOLARGE',
      `release ${JSON.stringify(releaseName)} revision ${revision} is ${mib(bytes)} once encoded, over the ` +
        `${mib(limit)} a Kubernetes Secret or ConfigMap can hold; make the chart smaller (keep large ` +
        `files out of it with .helmignore) or store releases elsewhere (HELM_DRIVER)`,
    );
  }
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

/** The cluster call under a driver failed (what helm wraps as "create: failed to create: …"). */
export class StorageBackendError extends StorageError {
  constructor(message: string, cause: unknown) {
    super('ESTORAGE', `${message}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** HELM_DRIVER names a driver bosun does not have. */
export class UnknownDriverError extends StorageError {
  constructor(
    readonly driver: string,
    detail = '',
  ) {
    super('EUNKNOWNDRIVER', `unknown driver ${JSON.stringify(driver)}${detail}`);
  }
}
