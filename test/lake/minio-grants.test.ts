import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { kubernetesIdentity } from "../../components/identity/workload-identity";
import { MinioLake, type MinioLakeArgs } from "../../components/lake/minio-lake";
import { grantPrefixProblems, minioPolicy } from "../../components/lake/minio-policies";
import type { MinioChartValues } from "../../components/lake/minio-chart-values";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const args: MinioLakeArgs = {
  namespace: "lake",
  zones: { landing: { versioning: true }, processing: { versioning: true }, curated: { versioning: true } },
};
const spark = kubernetesIdentity("spark", [{ namespace: "processing", name: "spark" }]).identity;
const trino = kubernetesIdentity("trino", []).identity;
const airflow = kubernetesIdentity("airflow", [{ namespace: "orchestration", name: "airflow-worker" }]).identity;

describe("MinioLake grants", () => {
  let capture: RegistrationCapture;
  let lake: MinioLake;
  beforeAll(async () => {
    capture = await mockPulumi();
    lake = new MinioLake("lake", args);
    lake.grant(spark, "landing", "read");
    lake.grant(spark, "processing", "write");
    lake.grant(spark, "curated", "write");
    lake.grant(spark, "curated", "read"); // weaker: nothing new
    lake.grant(trino, "curated", "read");
    lake.grant(airflow, "processing", "write", "airflow-logs/");
    lake.grant(airflow, "landing", "write");
  });

  async function chartValues(): Promise<MinioChartValues> {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    return chart.inputs.values as unknown as MinioChartValues;
  }

  it("makes one user per consumer, its password read from its own Secret in the lake's namespace", async () => {
    const values = await chartValues();
    expect(values.users).toEqual([
      {
        accessKey: "airflow",
        existingSecret: "lake-user-airflow",
        existingSecretKey: "secretKey",
        policy: "batch-platform-airflow",
      },
      {
        accessKey: "spark",
        existingSecret: "lake-user-spark",
        existingSecretKey: "secretKey",
        policy: "batch-platform-spark",
      },
      {
        accessKey: "trino",
        existingSecret: "lake-user-trino",
        existingSecretKey: "secretKey",
        policy: "batch-platform-trino",
      },
    ]);
    expect(JSON.stringify(values)).not.toMatch(/plan-random|secretKey":"[^s]/);
    const secrets = (await registered(capture, "kubernetes:core/v1:Secret")).filter((s) =>
      s.name.startsWith("lake-user-"),
    );
    expect(secrets.map((s) => s.inputs.metadata)).toEqual(
      ["airflow", "spark", "trino"].map((u) => expect.objectContaining({ name: `lake-user-${u}`, namespace: "lake" })),
    );
    for (const secret of secrets) expect(secret.inputs.stringData).toBe("[secret]");
    const passwords = await registered(capture, "random:index/randomPassword:RandomPassword");
    expect(passwords.map((p) => p.name).sort()).toEqual([
      "lake-airflow-password",
      "lake-root-password",
      "lake-spark-password",
      "lake-trino-password",
    ]);
  });

  it("limits each policy to the consumer's zones and actions", async () => {
    const policies = (await chartValues()).policies;
    const trinoPolicy = policies.find((p) => p.name === "batch-platform-trino")!;
    const actions = trinoPolicy.statements.flatMap((s) => s.actions);
    expect(trinoPolicy.statements.flatMap((s) => s.resources)).toEqual([
      "arn:aws:s3:::curated/*",
      "arn:aws:s3:::curated",
    ]);
    expect(actions).not.toContain("s3:PutObject");
    expect(actions).not.toContain("s3:DeleteObject");
    const sparkPolicy = policies.find((p) => p.name === "batch-platform-spark")!;
    const objects = sparkPolicy.statements.filter((s) => s.resources[0]!.endsWith("/*"));
    expect(objects.map((s) => [s.resources[0], s.actions.includes("s3:PutObject")])).toEqual([
      ["arn:aws:s3:::landing/*", false],
      ["arn:aws:s3:::processing/*", true],
      ["arn:aws:s3:::curated/*", true],
    ]);
    // Nobody administers buckets, their policies or lifecycle: that is the lake's own job.
    const all = policies.flatMap((p) => p.statements.flatMap((s) => s.actions));
    expect(
      all.filter((a) => /Bucket(Policy|Versioning|Lifecycle)|CreateBucket|DeleteBucket|s3:\*|admin:/.test(a)),
    ).toEqual([]);
  });

  it("scopes a prefix grant to its prefix: objects, and listing by s3:prefix", async () => {
    const policy = (await chartValues()).policies.find((p) => p.name === "batch-platform-airflow")!;
    const processing = policy.statements.filter((s) =>
      s.resources.some((r) => r.startsWith("arn:aws:s3:::processing")),
    );
    expect(processing).toEqual([
      expect.objectContaining({ resources: ["arn:aws:s3:::processing/airflow-logs/*"] }),
      {
        effect: "Allow",
        actions: ["s3:GetBucketLocation", "s3:HeadBucket", "s3:ListBucketMultipartUploads"],
        resources: ["arn:aws:s3:::processing"],
      },
      {
        effect: "Allow",
        actions: ["s3:ListBucket"],
        resources: ["arn:aws:s3:::processing"],
        conditions: [{ StringLike: '"s3:prefix": ["airflow-logs/*"]' }],
      },
    ]);
    // MinIO refuses the whole policy if s3:prefix conditions any action but ListBucket(Versions).
    for (const p of (await chartValues()).policies)
      for (const s of p.statements.filter((s) => s.conditions !== undefined))
        expect(s.actions.every((a) => a === "s3:ListBucket" || a === "s3:ListBucketVersions"), p.name).toBe(true);
  });

  it("hands each consumer its own key (a Pulumi secret), never the root key", async () => {
    const access = lake.hadoopAccess(spark);
    expect(access).toMatchObject({ kind: "s3a", accessKey: "spark" });
    if (access.kind !== "s3a") throw new Error("s3a expected");
    expect(await valueOf(access.secretKey as never)).toBe("plan-random-lake-spark-password");
    expect(await pulumi.isSecret(pulumi.output(access.secretKey))).toBe(true);
    const connection = lake.dagOperations.connection.connection(airflow);
    if (!("value" in connection)) throw new Error("an inline connection expected");
    const value = JSON.parse(await valueOf(pulumi.output(connection.value))) as Record<string, unknown>;
    expect(value).toMatchObject({ conn_type: "aws", login: "airflow", password: "plan-random-lake-airflow-password" });
    expect(() => lake.keys(kubernetesIdentity("nobody", []).identity)).toThrow(
      /nobody \(no service account\) has no grant on this lake/,
    );
  });

  it("refuses grants made after the users were rendered, and names it", () => {
    expect(() => lake.grant(kubernetesIdentity("late", []).identity, "curated", "read")).toThrow(
      /late \(no service account\) asked for lake access after the lake's users were rendered/,
    );
  });
});

describe("minioPolicy", () => {
  it("does not depend on the order grants were made in, and a zone write covers the zone's prefixes", () => {
    const a = minioPolicy("x", [
      { zone: "curated", access: "read" },
      { zone: "landing", access: "write", prefix: "in/" },
      { zone: "landing", access: "write" },
    ]);
    const b = minioPolicy("x", [
      { zone: "landing", access: "write" },
      { zone: "curated", access: "read" },
      { zone: "landing", access: "write", prefix: "in/" },
    ]);
    expect(a).toEqual(b);
    expect(a.statements.flatMap((s) => s.resources)).toEqual([
      "arn:aws:s3:::landing/*",
      "arn:aws:s3:::landing",
      "arn:aws:s3:::curated/*",
      "arn:aws:s3:::curated",
    ]);
  });

  it("denies another consumer's reserved prefix to every writer of the zone, not to its owner or readers", () => {
    const reservations = [
      { zone: "curated" as const, prefix: "platform/b/", owner: "mirror" },
      { zone: "curated" as const, prefix: "platform/a/", owner: "mirror" },
    ];
    const writer = minioPolicy("spark", [{ zone: "curated", access: "write" }], reservations);
    expect(writer.statements.filter((s) => s.effect === "Deny").map((s) => s.resources[0])).toEqual([
      "arn:aws:s3:::curated/platform/a/*",
      "arn:aws:s3:::curated/platform/b/*",
    ]);
    const owner = minioPolicy("mirror", [{ zone: "curated", access: "write", prefix: "platform/" }], reservations);
    const reader = minioPolicy("trino", [{ zone: "curated", access: "read" }], reservations);
    expect([...owner.statements, ...reader.statements].filter((s) => s.effect === "Deny")).toEqual([]);
  });

  it("refuses a second owner for a reserved prefix", async () => {
    await mockPulumi();
    const lake = new MinioLake("lake", args);
    const mirror = kubernetesIdentity("mirror", []).identity;
    lake.grant(mirror, "curated", "write", "platform/");
    lake.reserveWrites("curated", "platform/", mirror);
    lake.reserveWrites("curated", "platform/", mirror); // the same owner again: nothing new
    expect(() => lake.reserveWrites("curated", "platform/", spark)).toThrow(
      "MinioLake lake: reservation for spark: curated/platform/ is reserved for mirror",
    );
  });

  it("rejects prefixes that would widen or break the policy", () => {
    expect(grantPrefixProblems("airflow-logs/")).toEqual([]);
    for (const bad of ["", "/abs/", "no-slash", "a*/", 'q"/', "a//b/"])
      expect(grantPrefixProblems(bad)).toHaveLength(1);
  });
});
