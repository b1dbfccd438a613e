import { describe, expect, it } from "vitest";
import { newManifestChart } from "../../components/k8s/cdk8s-manifests";
import { minioChartValues, type MinioLakeArgs } from "../../components/lake/minio-lake";
import { DEFAULT_MC_IMAGE } from "../../components/lake/minio-images";
import { addMinioSetupJob, minioPolicyDocument, minioSetupScript } from "../../components/lake/minio-setup-job";

const args: MinioLakeArgs = {
  namespace: "lake",
  zones: {
    landing: { retentionDays: 30, versioning: true },
    processing: { retentionDays: 60, versioning: false },
    curated: { versioning: true },
  },
};
const consumers = [
  { user: "airflow", secretName: "lake-user-airflow", grants: [{ zone: "processing", access: "write", prefix: "airflow-logs/" }] },
  { user: "spark", secretName: "lake-user-spark", grants: [{ zone: "curated", access: "write" }] },
] as const;
const values = minioChartValues(args, "lake-root-credentials", consumers);
const props = {
  namespace: "lake",
  endpoint: "https://minio.lake.svc.cluster.local:9000",
  rootSecretName: "lake-root-credentials",
  ca: { secretName: "minio-tls", key: "ca.crt" },
  mcImage: DEFAULT_MC_IMAGE,
  nodeSelector: { "batch-platform.io/pool": "stateful" },
  labels: { "app.kubernetes.io/part-of": "batch-platform" },
};

interface Obj {
  kind: string;
  metadata: { name: string; namespace: string };
  data?: Record<string, string>;
  spec?: { template: { spec: Record<string, unknown> } };
}
function objects(v = values): Obj[] {
  const chart = newManifestChart("setup", "lake");
  addMinioSetupJob(chart, v, props);
  return chart.toJson() as Obj[];
}

describe("the lake's setup Job (what the chart's post-install hook would run)", () => {
  it("creates policies, then buckets, then users, then the lifecycle rules", () => {
    const lines = minioSetupScript(values, true).split("\n");
    const first = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    const last = (pattern: RegExp) => lines.length - 1 - [...lines].reverse().findIndex((l) => pattern.test(l));
    expect(first(/admin info myminio/)).toBeGreaterThan(first(/certs\/CAs/));
    expect(last(/admin policy create/)).toBeLessThan(first(/ mb myminio\//));
    expect(last(/anonymous set none/)).toBeLessThan(first(/admin user add/));
    expect(last(/admin policy attach/)).toBeLessThan(first(/ ilm rule /));
    expect(lines).toContain("mc --config-dir /tmp/mc version enable myminio/landing");
    expect(lines).toContain("mc --config-dir /tmp/mc version suspend myminio/processing");
    expect(lines).toContain(
      "mc --config-dir /tmp/mc admin policy create myminio batch-platform-spark /etc/lake-setup/policy-batch-platform-spark.json",
    );
    expect(lines).toContain("mc --config-dir /tmp/mc admin policy attach myminio batch-platform-spark --user=spark || true");
    expect(lines).toContain("mc --config-dir /tmp/mc ilm rule add --expire-days 30 myminio/landing");
  });

  it("passes a user's password on stdin from its mounted Secret, never as an argument", () => {
    const script = minioSetupScript(values, false);
    expect(script).toContain(
      "{ echo airflow; cat /etc/lake-users/airflow; echo; } | mc --config-dir /tmp/mc admin user add myminio",
    );
    expect(script).not.toMatch(/certs\/CAs/);
    const job = objects().find((o) => o.kind === "Job")!;
    const pod = job.spec!.template.spec as { volumes: { name: string; projected?: unknown }[]; containers: { env: unknown[] }[] };
    expect(pod.volumes.find((v) => v.name === "users")!.projected).toEqual({
      defaultMode: 0o440,
      sources: [
        { secret: { name: "lake-user-airflow", items: [{ key: "secretKey", path: "airflow" }] } },
        { secret: { name: "lake-user-spark", items: [{ key: "secretKey", path: "spark" }] } },
      ],
    });
    // The root key only by reference, composed into mc's alias by Kubernetes.
    expect(pod.containers[0]!.env).toEqual([
      { name: "ROOT_USER", valueFrom: { secretKeyRef: { name: "lake-root-credentials", key: "rootUser" } } },
      { name: "ROOT_PASSWORD", valueFrom: { secretKeyRef: { name: "lake-root-credentials", key: "rootPassword" } } },
      { name: "MC_HOST_myminio", value: "https://$(ROOT_USER):$(ROOT_PASSWORD)@minio.lake.svc.cluster.local:9000" },
    ]);
  });

  it("writes the IAM documents the chart would, with s3:prefix as a JSON condition", () => {
    const airflow = values.policies.find((p) => p.name === "batch-platform-airflow")!;
    const document = JSON.parse(minioPolicyDocument(airflow)) as { Version: string; Statement: Record<string, unknown>[] };
    expect(document.Version).toBe("2012-10-17");
    expect(document.Statement).toContainEqual({
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: ["arn:aws:s3:::processing"],
      Condition: { StringLike: { "s3:prefix": ["airflow-logs/*"] } },
    });
    const configMap = objects().find((o) => o.kind === "ConfigMap")!;
    expect(Object.keys(configMap.data!).sort()).toEqual([
      "policy-batch-platform-airflow.json",
      "policy-batch-platform-spark.json",
      "setup.sh",
    ]);
  });

  it("is a new Job when a grant changes, and the same Job when nothing does", () => {
    const name = objects().find((o) => o.kind === "Job")!.metadata.name;
    expect(name).toMatch(/^lake-setup-[0-9a-f]{12}$/);
    expect(objects(minioChartValues(args, "lake-root-credentials", consumers)).find((o) => o.kind === "Job")!.metadata.name).toBe(name);
    const more = [...consumers, { user: "trino", secretName: "lake-user-trino", grants: [{ zone: "curated", access: "read" }] }] as const;
    const changed = objects(minioChartValues(args, "lake-root-credentials", more)).find((o) => o.kind === "Job")!;
    expect(changed.metadata.name).not.toBe(name);
    expect(objects().find((o) => o.kind === "ConfigMap")!.metadata.name).toBe(name);
  });
});
