import { compareText } from "../common/compare-text";
import { LAKE_ZONE_NAMES, type LakeAccess, type LakeZoneName } from "./lake-zone";
import type { MinioPolicy, MinioPolicyStatement } from "./minio-chart-values";

/** One grant on a MinIO lake: an access on a zone, or on one prefix of it. */
export interface MinioGrant {
  readonly zone: LakeZoneName;
  readonly access: LakeAccess;
  /** Key prefix such as `airflow-logs/` (no leading slash). @default the whole zone */
  readonly prefix?: string;
}

/** Object actions per access: write adds put, delete and the multipart calls S3A and boto make. */
const OBJECT_ACTIONS: { readonly [access in LakeAccess]: readonly string[] } = {
  read: ["s3:GetObject"],
  write: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
};
/** Listing, which `s3:prefix` can narrow to a prefix. */
const LIST_ACTIONS: { readonly [access in LakeAccess]: readonly string[] } = {
  read: ["s3:ListBucket"],
  write: ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
};
/** Bucket probes carry no prefix; HeadBucket is checked as `s3:HeadBucket` first (Barman, boto). */
const PROBE_ACTIONS = ["s3:GetBucketLocation", "s3:HeadBucket"] as const;

/** A key prefix only one consumer may write. */
export interface MinioReservation {
  readonly zone: LakeZoneName;
  readonly prefix: string;
  /** The user allowed to write there. */
  readonly owner: string;
}

/** What a write grant could change; a Deny on these wins over any Allow. */
const WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] as const;

/** The name of the MinIO policy of one consumer (its user has the consumer's name). */
export function minioPolicyName(user: string): string {
  return `batch-platform-${user}`;
}

/**
 * The IAM policy of one consumer: per grant, object actions on `arn:aws:s3:::<zone>/<prefix>*` and
 * bucket actions on the zone (listing limited to the prefix by `s3:prefix`; no bucket-level
 * administration: buckets, their policies, versioning and lifecycle belong to the lake). A write grant
 * includes read; a zone grant covers its prefix grants. Statements come in zone order, so the
 * policy (and the chart values) do not depend on the order grants were made in.
 */
export function minioPolicy(
  user: string,
  grants: readonly MinioGrant[],
  reservations: readonly MinioReservation[] = [],
): MinioPolicy {
  const statements: MinioPolicyStatement[] = [];
  for (const zone of LAKE_ZONE_NAMES) {
    for (const grant of effectiveGrants(grants.filter((g) => g.zone === zone))) {
      const prefix = grant.prefix ?? "";
      const bucket = [`arn:aws:s3:::${zone}`];
      statements.push({
        effect: "Allow",
        actions: OBJECT_ACTIONS[grant.access],
        resources: [`arn:aws:s3:::${zone}/${prefix}*`],
      });
      if (prefix === "") {
        statements.push({
          effect: "Allow",
          actions: [...PROBE_ACTIONS, ...LIST_ACTIONS[grant.access]],
          resources: bucket,
        });
      } else {
        // MinIO takes `s3:prefix` on ListBucket(Versions) only and refuses a policy that conditions
        // another action on it (minio/pkg policy/action.go, statement.go): the other listing goes
        // unconditioned beside the probes.
        const [list, ...others] = LIST_ACTIONS[grant.access];
        statements.push({ effect: "Allow", actions: [...PROBE_ACTIONS, ...others], resources: bucket });
        // The chart renders each condition as `"<operator>": { <text> }`.
        const conditions = [{ StringLike: `"s3:prefix": ["${prefix}*"]` }];
        statements.push({ effect: "Allow", actions: [list!], resources: bucket, conditions });
      }
    }
  }
  // Prefixes another consumer reserved: denied to every writer of the zone, whatever it was granted.
  const writesZone = (zone: LakeZoneName) => grants.some((g) => g.zone === zone && g.access === "write");
  const denied = reservations.filter((r) => r.owner !== user && writesZone(r.zone));
  for (const reservation of [...denied].sort((a, b) => compareText(`${a.zone}/${a.prefix}`, `${b.zone}/${b.prefix}`))) {
    statements.push({
      effect: "Deny",
      actions: WRITE_ACTIONS,
      resources: [`arn:aws:s3:::${reservation.zone}/${reservation.prefix}*`],
    });
  }
  return { name: minioPolicyName(user), statements };
}

/** The grants that matter on one zone: the strongest zone-wide one, else each prefix's strongest. */
function effectiveGrants(grants: readonly MinioGrant[]): MinioGrant[] {
  const strongest = (list: readonly MinioGrant[]) => list.find((g) => g.access === "write") ?? list[0];
  const zoneWide = strongest(grants.filter((g) => g.prefix === undefined));
  if (zoneWide?.access === "write") return [zoneWide];
  const prefixes = [...new Set(grants.flatMap((g) => (g.prefix === undefined ? [] : [g.prefix])))].sort(compareText);
  const byPrefix = prefixes
    .map((prefix) => strongest(grants.filter((g) => g.prefix === prefix)))
    .filter((g): g is MinioGrant => g !== undefined && !(zoneWide !== undefined && g.access === "read"));
  return [...(zoneWide ? [zoneWide] : []), ...byPrefix];
}

const PREFIX_CHARACTERS = "letters, digits, . _ - /, ending in /";

/** Problems of a key prefix given to a grant: relative, ending in `/`, no wildcards or quotes. */
export function grantPrefixProblems(prefix: string): string[] {
  return /^[A-Za-z0-9][A-Za-z0-9._\-/]*\/$/.test(prefix) && !prefix.includes("//")
    ? []
    : [`prefix: got ${JSON.stringify(prefix)}; expected a key prefix such as "airflow-logs/" (${PREFIX_CHARACTERS})`];
}
