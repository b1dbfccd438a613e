import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { MinioLake, MINIO_CHART, minioLifecycleCommands, type MinioLakeArgs } from "../../components/lake/minio-lake";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const args: MinioLakeArgs = {
  namespace: "lake",
  zones: {
    landing: { retentionDays: 30, versioning: false },
    processing: { retentionDays: 60, versioning: true },
    curated: { versioning: true },
  },
  servers: 4,
  tlsSecretName: "minio-tls",
  spreadOverZones: true,
  protect: true,
};

describe("MinioLake", () => {
  let capture: RegistrationCapture;
  let lake: MinioLake;
  beforeAll(async () => {
    capture = await mockPulumi();
    lake = new MinioLake("lake", args);
  });

  it("exposes s3a:// URIs per zone and an https endpoint when TLS is configured", async () => {
    expect(await valueOf(lake.zoneUris)).toEqual({ landing: "s3a://landing", processing: "s3a://processing", curated: "s3a://curated" });
    expect(await valueOf(lake.endpoint)).toBe("https://minio.lake.svc.cluster.local:9000");
  });

  it("installs the pinned upstream chart with a bucket per zone and versioning as configured", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    expect(chart.inputs).toMatchObject({ chart: MINIO_CHART.chart, version: MINIO_CHART.version, repositoryOpts: { repo: MINIO_CHART.repo }, namespace: "lake" });
    const values = chart.inputs.values as Record<string, unknown>;
    expect(values.buckets).toEqual([
      expect.objectContaining({ name: "landing", versioning: false, policy: "none" }),
      expect.objectContaining({ name: "processing", versioning: true }),
      expect.objectContaining({ name: "curated", versioning: true }),
    ]);
    expect(values.mode).toBe("distributed");
    expect(values.tls).toMatchObject({ enabled: true, certSecret: "minio-tls" });
  });

  it("keeps credentials out of the chart values: an existing Secret, no sample users", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    const values = chart.inputs.values as Record<string, unknown>;
    expect(values.existingSecret).toBe("lake-root-credentials");
    expect(values.users).toEqual([]);
    expect(JSON.stringify(values)).not.toMatch(/rootPassword|secretKey|plan-random/);
    const [secret] = await registered(capture, "kubernetes:core/v1:Secret");
    expect(secret.inputs.stringData).toBe("[secret]");
  });

  it("runs MinIO as non-root without privilege escalation, with requests and limits", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    const values = chart.inputs.values as { securityContext: Record<string, unknown>; containerSecurityContext: Record<string, unknown>; resources: { requests: object; limits: object } };
    expect(values.securityContext).toMatchObject({ enabled: true, runAsUser: 1000 });
    expect(values.containerSecurityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(values.resources.requests).toBeDefined();
    expect(values.resources.limits).toBeDefined();
  });

  it("expires objects per zone and old versions in versioned zones", () => {
    expect(minioLifecycleCommands(args.zones, 30)).toEqual([
      "ilm rule add --expire-days 30 myminio/landing",
      "ilm rule add --expire-days 60 myminio/processing",
      "ilm rule add --noncurrent-expire-days 30 myminio/processing",
      "ilm rule add --noncurrent-expire-days 30 myminio/curated",
    ]);
  });

  it("protects the release that owns the volumes in prod", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    expect(chart.options).toMatchObject({ protect: true, retainOnDelete: true });
  });

  it("rejects 2 or 3 servers, which are neither standalone nor erasure-coded", () => {
    expect(() => new MinioLake("bad", { ...args, servers: 2 })).toThrow(/servers: got 2; expected 1 \(standalone\) or 4 and more/);
  });
});
