import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { kubernetesIdentity } from "../../components/identity/workload-identity";
import { MinioLake } from "../../components/lake/minio-lake";
import type { MinioChartValues } from "../../components/lake/minio-chart-values";
import {
  SparkPackageMirror,
  sparkPackageMirrorProblems,
  sparkPackagePrefix,
} from "../../components/engine/spark-package-mirror";
import { DELTA_PACKAGE, HADOOP_AWS_PACKAGE, SPARK_IMAGE } from "../../components/engine/spark-job-spec";
import type { JobContainer } from "../helpers/job-containers";
import { mockPulumi, registered } from "../helpers/pulumi";

type Container = JobContainer;
interface PodSpec {
  readonly initContainers: Container[];
  readonly containers: Container[];
  readonly automountServiceAccountToken: boolean;
  readonly volumes: { readonly name: string; readonly secret?: { readonly secretName: string } }[];
}
interface JobSpec {
  readonly template: { readonly spec: PodSpec };
}
interface ManifestObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: JobSpec & { readonly schedule?: string; readonly jobTemplate?: { readonly spec: JobSpec } };
}

const zones = {
  landing: { versioning: true },
  processing: { retentionDays: 60, versioning: true },
  curated: { versioning: true },
};
const PACKAGES = [DELTA_PACKAGE, HADOOP_AWS_PACKAGE];

describe("SparkPackageMirror", () => {
  let capture: RegistrationCapture;
  let lake: MinioLake;
  let mirror: SparkPackageMirror;
  beforeAll(async () => {
    capture = await mockPulumi();
    lake = new MinioLake("lake", { namespace: "lake", zones, tlsSecretName: "minio-tls" });
    mirror = new SparkPackageMirror("spark-packages", {
      namespace: "processing",
      lake,
      packages: PACKAGES,
      endpointCA: { name: "batch-platform-ca", key: "ca.crt" },
    });
    // A second mirror (another Spark's packages) in an area of its own.
    new SparkPackageMirror("notebook-packages", {
      namespace: "processing",
      lake,
      packages: ["io.delta:delta-spark_2.12:3.3.2"],
      area: "platform/notebook-packages/",
      sparkImage: "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu",
    });
    // A writer and a reader of the mirror's zone.
    lake.grant(kubernetesIdentity("spark", []).identity, "curated", "write");
    lake.grant(kubernetesIdentity("trino", []).identity, "curated", "read");
  });

  async function objects(): Promise<ManifestObject[]> {
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    return groups.find((g) => g.name === "spark-packages")!.inputs.objs as unknown as ManifestObject[];
  }

  it("puts the jars under a prefix named after the package set and the Spark image", () => {
    const prefix = sparkPackagePrefix(PACKAGES, SPARK_IMAGE);
    expect(mirror.copy.source).toEqual({ bucket: "curated", prefix });
    expect(prefix).toMatch(/^platform\/spark-packages\/[0-9a-f]{12}$/);
    expect(sparkPackagePrefix([...PACKAGES].reverse(), SPARK_IMAGE)).toBe(prefix);
    expect(sparkPackagePrefix(PACKAGES, "registry.example.com/spark:4.1.3-1")).not.toBe(prefix);
    expect(sparkPackagePrefix([DELTA_PACKAGE], SPARK_IMAGE)).not.toBe(prefix);
  });

  it("resolves with Spark's own Ivy, then uploads every jar and the marker last, with its own keys", async () => {
    const [job, refresh] = await objects();
    expect(job!.kind).toBe("Job");
    expect(job!.metadata).toEqual({
      name: `spark-packages-${mirror.copy.source.prefix.split("/").pop()}`,
      namespace: "processing",
      labels: expect.any(Object),
    });
    const pod = job!.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    const [resolve] = pod.initContainers;
    const [upload] = pod.containers;
    expect(resolve!.image).toBe(SPARK_IMAGE);
    expect(resolve!.args[0]).toContain(
      "/opt/spark/bin/spark-submit --master 'local[1]' --conf spark.jars.ivy=/mirror/ivy",
    );
    expect(resolve!.args[0]).toContain(`--conf spark.jars.packages=${DELTA_PACKAGE},${HADOOP_AWS_PACKAGE}`);
    expect(resolve!.env).toBeUndefined(); // Maven Central needs no credentials; the lake keys stay in the upload
    const script = upload!.args[0]!;
    const target = `lake/curated/${mirror.copy.source.prefix}`;
    expect(script).toContain(`mc --config-dir /tmp/mc cp "$jar" "${target}/jars/$$(basename "$jar")"`);
    expect(script.indexOf(`${target}/_COMPLETE`)).toBeGreaterThan(script.indexOf(`${target}/jars/`));
    expect(upload!.env).toEqual([
      {
        name: "AWS_ACCESS_KEY_ID",
        valueFrom: { secretKeyRef: { name: "spark-packages-lake-credentials", key: "AWS_ACCESS_KEY_ID" } },
      },
      {
        name: "AWS_SECRET_ACCESS_KEY",
        valueFrom: { secretKeyRef: { name: "spark-packages-lake-credentials", key: "AWS_SECRET_ACCESS_KEY" } },
      },
      {
        name: "MC_HOST_lake",
        value: "https://$(AWS_ACCESS_KEY_ID):$(AWS_SECRET_ACCESS_KEY)@minio.lake.svc.cluster.local:9000",
      },
    ]);
    // mc exits if it cannot write its config directory: the CA is mounted beside it and copied in.
    expect(upload!.volumeMounts).toContainEqual({
      name: "lake-ca",
      mountPath: "/etc/batch-platform/lake-ca",
      readOnly: true,
    });
    expect(
      script.startsWith(
        "set -eu\nmkdir -p /tmp/mc/certs/CAs\ncp /etc/batch-platform/lake-ca/lake-ca.crt /tmp/mc/certs/CAs/\n",
      ),
    ).toBe(true);
    for (const c of [resolve!, upload!]) {
      expect(c.securityContext, c.name).toMatchObject({
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      });
    }
    // The refresh runs the same pod weekly, so an expiring zone never loses the copy.
    expect(refresh!.kind).toBe("CronJob");
    expect(refresh!.spec.schedule).toBe("17 3 * * 0");
    expect(refresh!.spec.jobTemplate!.spec.template.spec).toEqual(pod);
  });

  it("gives the mirror a lake user that writes under platform/spark-packages/ only", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    const values = chart!.inputs.values as unknown as MinioChartValues;
    const policy = values.policies.find((p) => p.name === "batch-platform-spark-packages")!;
    expect(policy.statements[0]).toMatchObject({ resources: ["arn:aws:s3:::curated/platform/spark-packages/*"] });
    const resources = policy.statements.flatMap((s) => s.resources);
    expect(resources.every((r) => r.startsWith("arn:aws:s3:::curated"))).toBe(true);
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    const keys = secrets.find((s) => s.name === "spark-packages-lake-credentials")!;
    expect(keys.inputs).toMatchObject({ metadata: { namespace: "processing" }, stringData: "[secret]" });
  });

  it("reserves the mirror's area: every other writer of the zone is denied it, readers get nothing new", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    const values = chart!.inputs.values as unknown as MinioChartValues;
    const policy = (user: string) => values.policies.find((p) => p.name === `batch-platform-${user}`)!;
    const deny = {
      effect: "Deny",
      actions: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      resources: ["arn:aws:s3:::curated/platform/spark-packages/*"],
    };
    const notebookArea = { ...deny, resources: ["arn:aws:s3:::curated/platform/notebook-packages/*"] };
    // Both areas denied, after every Allow.
    expect(policy("spark").statements.slice(-2)).toEqual([notebookArea, deny]);
    expect(policy("spark-packages").statements).toContainEqual(notebookArea);
    expect(policy("notebook-packages").statements).toContainEqual(deny);
    expect(policy("notebook-packages").statements[0]).toMatchObject({
      effect: "Allow",
      resources: ["arn:aws:s3:::curated/platform/notebook-packages/*"],
    });
    expect(policy("trino").statements.filter((s) => s.effect === "Deny")).toEqual([]);
  });

  it("puts a mirror's copy under its own area, and refuses an area that is not a path", () => {
    const at = sparkPackagePrefix(PACKAGES, SPARK_IMAGE, "platform/notebook-packages/");
    expect(at).toMatch(/^platform\/notebook-packages\/[0-9a-f]{12}$/);
    expect(at.split("/").pop()).toBe(sparkPackagePrefix(PACKAGES, SPARK_IMAGE).split("/").pop());
    expect(sparkPackageMirrorProblems({ namespace: "processing", lake, packages: PACKAGES, area: "../jars" })).toEqual([
      'area: got "../jars"; expected lower-case path segments ending in "/", e.g. "platform/notebook-packages/"',
    ]);
  });

  it("refuses a lake without S3 keys, no packages, a malformed coordinate and a zone that expires too soon", () => {
    const gcs = { ...lake, kind: "gcs" } as unknown as MinioLake;
    const args = { namespace: "processing", lake: gcs, packages: ["io.delta:delta-spark_2.12"], zoneRetentionDays: 7 };
    expect(sparkPackageMirrorProblems({ ...args, refreshSchedule: "weekly" })).toEqual([
      "lake: got a gcs lake; the mirror uploads with S3 keys, use an S3 lake (MinIO)",
      "lake: got a gcs lake that cannot reserve a prefix for the mirror's writes",
      "zoneRetentionDays: got 7; expected at least 14 (the weekly refresh must re-upload the jars before the zone expires them)",
      'refreshSchedule: got "weekly"; expected five cron fields',
      'packages[0]: got "io.delta:delta-spark_2.12"; expected group:artifact:version',
    ]);
    expect(sparkPackageMirrorProblems({ namespace: "processing", lake, packages: [] })).toEqual([
      "packages: got none; expected Maven coordinates to mirror",
    ]);
  });
});
