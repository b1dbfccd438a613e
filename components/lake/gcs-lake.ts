import * as pulumi from "@pulumi/pulumi";
import { Bucket, type BucketArgs } from "@pulumi/gcp/storage/bucket";
import { BucketIAMMember } from "@pulumi/gcp/storage/bucketIAMMember";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import type { WorkloadIdentity } from "../identity/workload-identity";
import { describeIdentity } from "../identity/workload-identity";
import type { DataLake, LakeDagOperations, LakeHadoopAccess, LakeZoneRoot } from "./data-lake";
import { gcsDagOperations } from "./gcs-dag-operations";
import { GrantLedger, grantName } from "./lake-grants";
import { grantPrefixProblems } from "./minio-policies";
import { LAKE_ZONE_NAMES, mapZones, type LakeAccess, type LakeZoneName, type LakeZones, type LakeZoneSettings } from "./lake-zone";
import { validateZoneSettings } from "./zone-settings";
import { zoneUrisOf } from "./zone-uris";

export interface GcsLakeArgs {
  /** Project of the buckets (the provider's project): the GCS connector and Airflow's connection name it. */
  readonly project: string;
  /** GCS location, the stack's region (e.g. `europe-west4`). */
  readonly location: string;
  /** Globally unique bucket name prefix; buckets are `<prefix>-<environment>-<zone>`. */
  readonly namePrefix: string;
  readonly environment: string;
  readonly zones: { readonly [zone in LakeZoneName]: LakeZoneSettings };
  /** Labels on every bucket (cost allocation); `component` and `zone` are added. */
  readonly labels: Readonly<Record<string, string>>;
  /** Protect buckets from deletion and keep them when removed from the program. @default false */
  readonly protect?: boolean;
  /** Days a noncurrent object version is kept when versioning is on. @default 30 */
  readonly noncurrentVersionDays?: number;
}

const ROLE_BY_ACCESS: Readonly<Record<LakeAccess, string>> = {
  read: "roles/storage.objectViewer",
  write: "roles/storage.objectUser",
};

/** A data lake on Cloud Storage: one private, versioned bucket per zone with lifecycle rules. */
export class GcsLake extends pulumi.ComponentResource implements DataLake {
  readonly kind = "gcs" as const;
  readonly title = "GCS";
  readonly zones: LakeZones;
  readonly zoneUris: DataLake["zoneUris"];
  readonly zoneRoots: { readonly [zone in LakeZoneName]: LakeZoneRoot };
  readonly dagOperations: LakeDagOperations;
  readonly buckets: { readonly [zone in LakeZoneName]: Bucket };
  private readonly project: string;
  private readonly ledger = new GrantLedger();

  constructor(name: string, args: GcsLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("GcsLake", validateZoneSettings(args.zones, ["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"]));
    super("batch-platform:lake:GcsLake", name, {}, opts);

    const buckets = {} as Record<LakeZoneName, Bucket>;
    for (const zone of LAKE_ZONE_NAMES) {
      buckets[zone] = new Bucket(
        `${name}-${zone}`,
        gcsBucketArgs(zone, args),
        { parent: this, ...dataProtection(args.protect ?? false) },
      );
    }
    this.buckets = buckets;
    this.project = args.project;
    this.zoneRoots = mapZones((zone) => ({ bucket: gcsBucketName(zone, args), uri: `gs://${gcsBucketName(zone, args)}` }));
    this.dagOperations = gcsDagOperations(this.zoneRoots, args.project);
    this.zones = mapZones((zone) => ({ bucket: buckets[zone].name, uri: pulumi.interpolate`gs://${buckets[zone].name}` }));
    this.zoneUris = zoneUrisOf(this.zones);
    this.registerOutputs({ zoneUris: this.zoneUris });
  }

  /**
   * Lets the identity's Google service account read or write objects of one zone (and nothing else);
   * with a prefix, an IAM condition limits it to objects under the prefix (listing, which IAM checks
   * on the bucket, still shows the bucket's object names).
   */
  grant(identity: WorkloadIdentity, zone: LakeZoneName, access: LakeAccess, prefix?: string): void {
    const google = identity.google;
    if (google === undefined) throw new Error(`GcsLake: ${describeIdentity(identity)} has no Google service account; bind it with workload identity first`);
    if (prefix !== undefined) assertNoProblems(`GcsLake: grant to ${identity.name}`, grantPrefixProblems(prefix));
    const scope = prefix === undefined ? zone : `${zone}-${prefixSlug(prefix)}`;
    // A zone-wide grant covers its prefixes; a prefix grant never widens to the zone.
    if (prefix !== undefined && this.ledger.holds(identity, zone, access)) return;
    if (!this.ledger.claim(identity, scope, access)) return;
    const bucket = this.zoneRoots[zone].bucket;
    const condition = prefix === undefined ? undefined : gcsPrefixCondition(bucket, prefix);
    new BucketIAMMember(
      grantName(identity, scope, access),
      {
        bucket: this.buckets[zone].name,
        role: ROLE_BY_ACCESS[access],
        member: pulumi.interpolate`serviceAccount:${google.email}`,
        ...(condition ? { condition } : {}),
      },
      { parent: this },
    );
  }

  /** The GCS connector with the pod's workload identity. */
  hadoopAccess(_identity: WorkloadIdentity): LakeHadoopAccess {
    return { kind: "gcs", projectId: this.project };
  }
}

/** `airflow-logs/` → `airflow-logs`: a prefix as part of a resource name. */
function prefixSlug(prefix: string): string {
  return prefix.replace(/\/+$/, "").replace(/[^a-z0-9]+/gi, "-").toLowerCase();
}

/** A prefix grant's IAM condition: objects under the prefix, and the bucket itself (listing). */
export function gcsPrefixCondition(
  bucket: string,
  prefix: string,
): { title: string; description: string; expression: string } {
  return {
    title: `prefix ${prefix}`.slice(0, 100),
    description: `Objects under gs://${bucket}/${prefix} (and listing the bucket)`,
    expression:
      `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${prefix}") || ` +
      'resource.type == "storage.googleapis.com/Bucket"',
  };
}

/** A zone's bucket name: `<prefix>-<environment>-<zone>`, globally unique. */
export function gcsBucketName(zone: LakeZoneName, args: Pick<GcsLakeArgs, "namePrefix" | "environment">): string {
  return `${args.namePrefix}-${args.environment}-${zone}`;
}

/** The bucket arguments for one zone. */
function gcsBucketArgs(zone: LakeZoneName, args: GcsLakeArgs): BucketArgs {
  const settings = args.zones[zone];
  const lifecycleRules: NonNullable<BucketArgs["lifecycleRules"]> = [];
  if (settings.retentionDays !== undefined) {
    lifecycleRules.push({ action: { type: "Delete" }, condition: { age: settings.retentionDays } });
  }
  if (settings.coldAfterDays !== undefined) {
    lifecycleRules.push({ action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: { age: settings.coldAfterDays } });
  }
  if (settings.versioning) {
    // Old versions are for recovery from mistakes, not an archive: expire them.
    lifecycleRules.push({ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: args.noncurrentVersionDays ?? 30, withState: "ARCHIVED" } });
  }
  return {
    name: gcsBucketName(zone, args),
    location: args.location.toUpperCase(),
    storageClass: settings.storageClass ?? "STANDARD",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: settings.versioning },
    lifecycleRules,
    forceDestroy: false,
    labels: { ...args.labels, component: "lake", zone },
  };
}
