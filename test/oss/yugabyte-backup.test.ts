import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { MinioLake } from "../../components/lake/minio-lake";
import type { MinioChartValues } from "../../components/lake/minio-chart-values";
import { yugabyteBackupProblems } from "../../components/warehouse/yugabyte-backup";
import { YugabyteDB } from "../../components/warehouse/yugabyte-db";
import { backupRetentionDays } from "../../components/database/postgres-cluster";
import type { JobContainer } from "../helpers/job-containers";
import { mockPulumi, registered } from "../helpers/pulumi";

type Container = JobContainer;
interface CronJob {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly schedule: string;
    readonly concurrencyPolicy: string;
    readonly jobTemplate: {
      readonly spec: {
        readonly template: {
          readonly spec: {
            readonly initContainers: Container[];
            readonly containers: Container[];
            readonly automountServiceAccountToken: boolean;
          };
        };
      };
    };
  };
}

const zones = {
  landing: { versioning: true },
  processing: { retentionDays: 60, versioning: true },
  curated: { versioning: true },
};

describe("YugabyteDB backups to the lake", () => {
  let capture: RegistrationCapture;
  let lake: MinioLake;
  beforeAll(async () => {
    capture = await mockPulumi();
    lake = new MinioLake("lake", { namespace: "lake", zones, tlsSecretName: "minio-tls" });
    new YugabyteDB("warehouse", { namespace: "serving", backup: { lake } });
  });

  async function cronJob(): Promise<CronJob> {
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const backup = groups.find((g) => g.name === "warehouse-backup")!;
    const [job] = backup.inputs.objs as unknown as CronJob[];
    return job!;
  }

  it("runs a daily CronJob in the database's namespace, one run at a time", async () => {
    const job = await cronJob();
    expect(job.kind).toBe("CronJob");
    expect(job.metadata).toMatchObject({ name: "warehouse-backup", namespace: "serving" });
    expect(job.spec).toMatchObject({ schedule: "30 2 * * *", concurrencyPolicy: "Forbid" });
    expect(job.spec.jobTemplate.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it("dumps every YSQL database and the roles, then uploads under a UTC timestamp with its own lake user", async () => {
    const pod = (await cronJob()).spec.jobTemplate.spec.template.spec;
    const [dump] = pod.initContainers;
    const [upload] = pod.containers;
    expect(dump!.args[0]).toContain("/home/yugabyte/postgres/bin/ysql_dumpall");
    // As the platform admin: the default superuser cannot log in.
    expect(dump!.args[0]).toContain('-U "$ADMIN_USER"');
    expect(dump!.env).toContainEqual({ name: "ADMIN_USER", value: "platform_admin" });
    expect(dump!.env).toContainEqual({
      name: "PGPASSWORD",
      valueFrom: { secretKeyRef: { name: "warehouse-admin-credentials", key: "password" } },
    });
    expect(upload!.image).toBe("quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z");
    expect(upload!.args[0]).toContain('"lake/processing/yugabyte/warehouse/$$(cat /backup/stamp)/ysql.sql.gz"');
    const keys = (upload!.env ?? []).filter((e) => e.valueFrom).map((e) => e.valueFrom!.secretKeyRef.name);
    expect(keys).toEqual(["warehouse-backup-lake-credentials", "warehouse-backup-lake-credentials"]);
    expect(upload!.env).toContainEqual({
      name: "MC_HOST_lake",
      value: "https://$(AWS_ACCESS_KEY_ID):$(AWS_SECRET_ACCESS_KEY)@minio.lake.svc.cluster.local:9000",
    });
    for (const c of [dump!, upload!]) {
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
      });
    }
  });

  it("gives the backup a lake user that writes under its prefix only", async () => {
    const [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    const values = chart.inputs.values as unknown as MinioChartValues;
    const policy = values.policies.find((p) => p.name === "batch-platform-warehouse-backup")!;
    expect(policy.statements[0]).toMatchObject({ resources: ["arn:aws:s3:::processing/yugabyte/warehouse/*"] });
    expect(policy.statements.flatMap((s) => s.resources).every((r) => r.startsWith("arn:aws:s3:::processing"))).toBe(
      true,
    );
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    const keys = secrets.find((s) => s.name === "warehouse-backup-lake-credentials")!;
    expect(keys.inputs).toMatchObject({ metadata: { namespace: "serving" }, stringData: "[secret]" });
  });

  it("rejects a lake without S3 keys, a bad prefix or schedule", () => {
    const gcs = { ...lake, kind: "gcs" } as unknown as MinioLake;
    expect(yugabyteBackupProblems({ lake: gcs, prefix: "/x/", schedule: "daily" })).toEqual([
      "backup.lake: got a gcs lake; the dump is uploaded with S3 keys, use an S3 lake (MinIO)",
      'backup.prefix: got "/x/"; expected a key prefix such as "yugabyte/warehouse"',
      'backup.schedule: got "daily"; expected five cron fields (e.g. "30 2 * * *")',
    ]);
  });
});

describe("backupRetentionDays", () => {
  it("keeps backups 30 days, or two days less than the zone keeps objects (the window plus one backup)", () => {
    expect(backupRetentionDays(undefined)).toBe(30);
    expect(backupRetentionDays(60)).toBe(30);
    expect(backupRetentionDays(32)).toBe(30);
    expect(backupRetentionDays(31)).toBe(29);
    expect(backupRetentionDays(30)).toBe(28);
    expect(backupRetentionDays(14)).toBe(12);
    expect(backupRetentionDays(1)).toBe(1);
  });
});
