import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import {
  MinioLake,
  MINIO_CHART,
  minioChartValues,
  minioLifecycleCommands,
  type MinioLakeArgs,
} from "../../components/lake/minio-lake";
import { minioDrivesProblems } from "../../components/lake/minio-drives";
import {
  chartImage,
  DEFAULT_MC_IMAGE,
  DEFAULT_MINIO_IMAGE,
  imageReferenceProblems,
  MINIO_RELEASE,
} from "../../components/lake/minio-images";
import { CA_BUNDLE } from "../../components/tls/cert-manager";
import { PLATFORM_CA_ISSUER } from "../../components/tls/cert-manager-manifests";
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

  it("expires objects per zone and old versions in versioned zones, replacing the zone's rules each time", () => {
    const reset = (zone: string) => [
      `ilm rule add --expire-delete-marker myminio/${zone}`,
      `ilm rule rm --all --force myminio/${zone}`,
      `ilm rule add --expire-delete-marker myminio/${zone}`,
    ];
    expect(minioLifecycleCommands(args.zones, 30)).toEqual([
      ...reset("landing"),
      "ilm rule add --expire-days 30 myminio/landing",
      ...reset("processing"),
      "ilm rule add --expire-days 60 myminio/processing",
      "ilm rule add --noncurrent-expire-days 30 myminio/processing",
      ...reset("curated"),
      "ilm rule add --noncurrent-expire-days 30 myminio/curated",
    ]);
  });

  it("reconciles lifecycle rules: a raised or removed retention leaves no old, shorter expiry", () => {
    const zones = { ...args.zones, landing: { retentionDays: 7, versioning: false } };
    const before = minioLifecycleCommands(zones);
    const raised = minioLifecycleCommands({ ...zones, landing: { retentionDays: 90, versioning: false } });
    const removed = minioLifecycleCommands({ ...zones, landing: { versioning: false } });
    // The rules in force after the job are those added after the last `rm --all` of the zone.
    const inForce = (commands: string[], zone: string) => {
      const mine = commands.filter((c) => c.endsWith(`myminio/${zone}`));
      return mine.slice(mine.lastIndexOf(`ilm rule rm --all --force myminio/${zone}`) + 1);
    };
    expect(inForce(before, "landing")).toContain("ilm rule add --expire-days 7 myminio/landing");
    expect(inForce(raised, "landing")).toEqual(["ilm rule add --expire-delete-marker myminio/landing", "ilm rule add --expire-days 90 myminio/landing"]);
    expect(inForce(removed, "landing")).toEqual(["ilm rule add --expire-delete-marker myminio/landing"]);
    // Before the removal there is always a rule, so `rm --all` (which fails on a bucket without one) succeeds.
    for (const zone of ["landing", "processing", "curated"]) {
      const mine = removed.filter((c) => c.endsWith(`myminio/${zone}`));
      expect(mine.indexOf(`ilm rule add --expire-delete-marker myminio/${zone}`)).toBeLessThan(mine.indexOf(`ilm rule rm --all --force myminio/${zone}`));
    }
  });

  it("runs the chart's post-job (buckets, policies, users, lifecycle) restricted, on the lake's pool", () => {
    const values = minioChartValues({ ...args, nodeSelector: { pool: "stateful" } }, "root");
    for (const job of [values.makeBucketJob, values.makePolicyJob, values.makeUserJob, values.customCommandJob, values.makeServiceAccountJob]) {
      expect(job.securityContext).toEqual({ enabled: true });
      expect(job.containerSecurityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    }
    expect(values.postJob.securityContext).toMatchObject({ enabled: true, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(values.postJob.nodeSelector).toEqual({ pool: "stateful" });
  });

  it("protects the release that owns the volumes in prod", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    expect(chart.options).toMatchObject({ protect: true, retainOnDelete: true });
  });

  it("rejects 2 or 3 servers, which are neither standalone nor erasure-coded", () => {
    expect(() => new MinioLake("bad", { ...args, servers: 2 })).toThrow(/servers: got 2; expected 1 \(standalone\) or 4 and more/);
  });

  it("rejects a second drive on a single server: standalone mode renders one volume", () => {
    const standalone = { ...args, servers: 1, drivesPerServer: 2 };
    expect(() => new MinioLake("standalone", standalone)).toThrow(/drivesPerServer: got 2; expected 1 with a single/);
    expect(minioDrivesProblems(1, 1)).toEqual([]);
    expect(minioDrivesProblems(4, 2)).toEqual([]);
  });
});

describe("MinIO's trust in its peers", () => {
  const tls = { issuer: PLATFORM_CA_ISSUER, caBundle: CA_BUNDLE };
  const plain = { ...args, tlsSecretName: undefined };

  it("trusts the platform CA, not its own leaf, where the platform issues the certificate", () => {
    // certs/CAs is read once at start: a renewed leaf would not be trusted by the other servers.
    expect(minioChartValues({ ...plain, tls }, "root").trustedCertsSecret).toBe(CA_BUNDLE.secretName);
  });
  it("keeps the chart's default with a given certificate (it chains to the image's roots) or no TLS", () => {
    expect(minioChartValues(args, "root").trustedCertsSecret).toBeUndefined();
    expect(minioChartValues(plain, "root").trustedCertsSecret).toBeUndefined();
  });
});

describe("MinIO images", () => {
  it("default to the last community release (with the CVE-2025-62506 fix) and the last mc release", () => {
    const values = minioChartValues({ namespace: "lake", zones: args.zones }, "root");
    expect(MINIO_RELEASE.tag).toBe("RELEASE.2025-10-15T17-29-55Z");
    const pullPolicy = "IfNotPresent";
    const tag = "RELEASE.2025-10-15T17-29-55Z";
    expect(values.image).toEqual({ repository: "quay.io/minio/minio", tag, pullPolicy });
    expect(values.mcImage).toEqual({ repository: "quay.io/minio/mc", tag: "RELEASE.2025-08-13T08-35-41Z", pullPolicy });
  });

  it("take the registry, repository, tag and digest of the build a user pushed", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    const registry = "registry.example.com:5000";
    const image = { registry, repository: "platform/minio", tag: MINIO_RELEASE.tag, digest };
    const mcImage = { ...DEFAULT_MC_IMAGE, registry };
    const values = minioChartValues({ namespace: "lake", zones: args.zones, image, mcImage }, "root");
    expect(values.image).toMatchObject({
      repository: "registry.example.com:5000/platform/minio",
      tag: `RELEASE.2025-10-15T17-29-55Z@${digest}`,
    });
    expect(values.mcImage.repository).toBe("registry.example.com:5000/minio/mc");
    expect(chartImage(DEFAULT_MINIO_IMAGE)).toEqual({ repository: "quay.io/minio/minio", tag: MINIO_RELEASE.tag });
  });

  it("reject a malformed reference or the moving tag latest, naming the part", () => {
    const bad = { registry: "Quay.IO", repository: "minio/minio", tag: "latest", digest: "sha256:xyz" };
    expect(imageReferenceProblems("image", bad)).toEqual([
      'image.registry: got "Quay.IO"; expected a registry host such as quay.io or registry.example.com:5000',
      'image.digest: got "sha256:xyz"; expected sha256: and 64 lowercase hex digits',
      'image.tag: got "latest"; expected a release tag (latest moves)',
    ]);
    const mcImage = { ...DEFAULT_MC_IMAGE, repository: "MinIO/mc" };
    expect(() => new MinioLake("bad-image", { ...args, mcImage })).toThrow(/mcImage.repository: got "MinIO\/mc"/);
  });
});
