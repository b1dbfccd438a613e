/**
 * MinIO's images. The community edition is source-only since October 2025 and in maintenance
 * since December 2025 (its README: no longer maintained since February 2026). Its last release,
 * RELEASE.2025-10-15T17-29-55Z, fixes CVE-2025-62506 and was never published as an image: build
 * it from the tag (docs/oss.md, "MinIO image") and push it to a registry of your own.
 */

/** An image reference in parts, as stack config gives it. */
export interface ImageReference {
  /** e.g. `quay.io`, `registry.example.com:5000`. */
  readonly registry: string;
  /** Path in the registry, e.g. `minio/minio`. */
  readonly repository: string;
  readonly tag: string;
  /** `sha256:<64 hex>`: pins the exact build; the tag then only documents it. @default none */
  readonly digest?: string;
}

/** The last community server release and the commit its tag names (github.com/minio/minio). */
export const MINIO_RELEASE = {
  tag: "RELEASE.2025-10-15T17-29-55Z",
  commit: "9e49d5e7a648f00e26f2246f4dc28e6b07f8c84a",
} as const;
/** The last `mc` release (github.com/minio/mc), still published as an image before the source-only switch. */
export const MC_RELEASE = {
  tag: "RELEASE.2025-08-13T08-35-41Z",
  commit: "7394ce0dd2a80935aded936b09fa12cbb3cb8096",
} as const;

/**
 * The name upstream's `make docker` gives the image it builds at {@link MINIO_RELEASE} (`REPO`
 * defaults to quay.io/minio). Not published there: set `lake.minio.image` to where you pushed it.
 */
export const DEFAULT_MINIO_IMAGE: ImageReference = {
  registry: "quay.io",
  repository: "minio/minio",
  tag: MINIO_RELEASE.tag,
};
/** Published by MinIO (quay.io/minio/mc); the chart's bucket and lifecycle jobs run it. */
export const DEFAULT_MC_IMAGE: ImageReference = { registry: "quay.io", repository: "minio/mc", tag: MC_RELEASE.tag };

const REGISTRY = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?$/;
const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Problems of an image reference, one line each naming `path.<part>`. */
export function imageReferenceProblems(path: string, image: ImageReference): string[] {
  const problems: string[] = [];
  const check = (part: keyof ImageReference, pattern: RegExp, expected: string) => {
    const value = image[part];
    if (value !== undefined && !pattern.test(value))
      problems.push(`${path}.${part}: got ${JSON.stringify(value)}; expected ${expected}`);
  };
  check("registry", REGISTRY, "a registry host such as quay.io or registry.example.com:5000");
  check("repository", REPOSITORY, "a lowercase repository path such as minio/minio");
  check("tag", TAG, "an image tag such as RELEASE.2025-10-15T17-29-55Z");
  check("digest", DIGEST, "sha256: and 64 lowercase hex digits");
  if (image.tag.toLowerCase() === "latest")
    problems.push(`${path}.tag: got "latest"; expected a release tag (latest moves)`);
  return problems;
}

/**
 * The chart's `{repository, tag}` for a reference. The chart renders `repository:tag`, so a digest
 * rides on the tag (`tag@sha256:…`), which container runtimes resolve by the digest.
 */
export function chartImage(image: ImageReference): { readonly repository: string; readonly tag: string } {
  return {
    repository: `${image.registry}/${image.repository}`,
    tag: image.digest ? `${image.tag}@${image.digest}` : image.tag,
  };
}

/** The reference as a container's `image` (`registry/repository:tag`, the digest after the tag). */
export function imageName(image: ImageReference): string {
  const { repository, tag } = chartImage(image);
  return `${repository}:${tag}`;
}
