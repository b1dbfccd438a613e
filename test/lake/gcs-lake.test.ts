import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { GcsLake, type GcsLakeArgs } from "../../components/lake/gcs-lake";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const args: GcsLakeArgs = {
  project: "acme-data-prod",
  location: "europe-west4",
  namePrefix: "acme",
  environment: "prod",
  zones: {
    landing: { retentionDays: 30, versioning: false },
    processing: { retentionDays: 60, versioning: true },
    curated: { versioning: true, coldAfterDays: 180, storageClass: "STANDARD" },
  },
  labels: { environment: "prod", "cost-center": "data", owner: "team" },
  protect: true,
};

describe("GcsLake", () => {
  let capture: RegistrationCapture;
  let lake: GcsLake;
  beforeAll(async () => {
    capture = await mockPulumi();
    lake = new GcsLake("lake", args);
  });

  it("exposes one gs:// URI per zone, named <prefix>-<env>-<zone>", async () => {
    expect(await valueOf(lake.zoneUris)).toEqual({ landing: "gs://acme-prod-landing", processing: "gs://acme-prod-processing", curated: "gs://acme-prod-curated" });
    expect(await valueOf(lake.zones.curated.bucket)).toBe("acme-prod-curated");
  });

  it("makes every bucket private, uniform, versioned as configured and in the stack's region", async () => {
    const buckets = await registered(capture, "gcp:storage/bucket:Bucket");
    expect(buckets).toHaveLength(3);
    for (const bucket of buckets) {
      expect(bucket.inputs.publicAccessPrevention).toBe("enforced");
      expect(bucket.inputs.uniformBucketLevelAccess).toBe(true);
      expect(bucket.inputs.location).toBe("EUROPE-WEST4");
      expect(bucket.inputs.forceDestroy).toBe(false);
      expect(bucket.inputs.labels).toMatchObject({ "cost-center": "data", owner: "team", component: "lake" });
    }
    const byZone = Object.fromEntries(buckets.map((b) => [(b.inputs.labels as Record<string, string>).zone, b]));
    expect(byZone.landing.inputs.versioning).toEqual({ enabled: false });
    expect(byZone.processing.inputs.versioning).toEqual({ enabled: true });
  });

  it("expires landing after its retention and tiers curated to COLDLINE", async () => {
    const buckets = await registered(capture, "gcp:storage/bucket:Bucket");
    const rules = (zone: string) => buckets.find((b) => (b.inputs.labels as Record<string, string>).zone === zone)!.inputs.lifecycleRules as { action: { type: string; storageClass?: string }; condition: { age?: number } }[];
    expect(rules("landing")).toContainEqual(expect.objectContaining({ action: { type: "Delete" }, condition: expect.objectContaining({ age: 30 }) }));
    expect(rules("curated").some((r) => r.action.type === "Delete" && r.condition.age !== undefined)).toBe(false);
    expect(rules("curated")).toContainEqual(expect.objectContaining({ action: { type: "SetStorageClass", storageClass: "COLDLINE" }, condition: expect.objectContaining({ age: 180 }) }));
  });

  it("protects and retains buckets in prod", async () => {
    const buckets = await registered(capture, "gcp:storage/bucket:Bucket");
    for (const bucket of buckets) expect(bucket.options).toMatchObject({ protect: true, retainOnDelete: true });
  });

  it("names its zones as plain text for generated files, and grants one zone per identity once", async () => {
    expect(lake.zoneRoots.landing).toEqual({ bucket: "acme-prod-landing", uri: "gs://acme-prod-landing" });
    const engine = { name: "engine", serviceAccounts: [], google: { email: "e@acme-data-prod.iam.gserviceaccount.com" } };
    lake.grant(engine, "landing", "read");
    lake.grant(engine, "landing", "read");
    lake.grant(engine, "processing", "write");
    lake.grant(engine, "processing", "read"); // write already includes it
    const members = (await registered(capture, "gcp:storage/bucketIAMMember:BucketIAMMember")).map((m) => `${m.name} ${m.inputs.role}`);
    expect(members).toEqual(["engine-landing-read roles/storage.objectViewer", "engine-processing-write roles/storage.objectUser"]);
    expect(() => lake.grant({ name: "plain", serviceAccounts: [{ namespace: "x", name: "y" }] }, "landing", "read")).toThrow(/plain \(x\/y\) has no Google service account/);
  });

  it("gives DAGs a prefix sensor and moves through the Google provider, with workload identity", () => {
    const ops = lake.dagOperations;
    expect(ops.connId).toBe("google_cloud_default");
    expect(ops.waitForFiles("w", "landing", "orders/", ".csv")).toMatchObject({ operator: { name: "GCSObjectsWithPrefixExistenceSensor" }, args: { bucket: "acme-prod-landing", prefix: "orders/" }, sensor: true });
    expect(ops.moveFiles("m", "landing", "a/", "b/")).toMatchObject({ operator: { name: "GCSToGCSOperator" }, args: { source_objects: ["a/"], destination_object: "b/", move_object: true } });
    expect(ops.remoteLogFolder("processing", "airflow-logs")).toBe("gs://acme-prod-processing/airflow-logs");
    expect(lake.hadoopAccess({ name: "x", serviceAccounts: [] })).toEqual({ kind: "gcs", projectId: "acme-data-prod" });
  });

  it("rejects a negative retention before registering anything", () => {
    const bad = { ...args, zones: { ...args.zones, landing: { retentionDays: -1, versioning: false } } };
    expect(() => new GcsLake("bad", bad)).toThrow(/zones\.landing\.retentionDays: got -1; expected a whole number of days >= 1/);
  });
});
