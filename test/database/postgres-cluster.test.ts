import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import { POSTGRES_IMAGE, PostgresCluster, postgresTlsQuery } from "../../components/database/postgres-cluster";
import { CLOUDNATIVE_PG_VALIDATORS } from "../../components/database/cloudnative-pg-schema";
import { minioLake } from "../helpers/parts";
import { mockPulumi, registered } from "../helpers/pulumi";
import { configGroupObjs, findObject, type K8sObject } from "../helpers/workload-assertions";

type Json = Record<string, unknown>;

describe("PostgresCluster (CloudNativePG), as Airflow's metadata database in prod", () => {
  let capture: RegistrationCapture;
  let objs: K8sObject[];
  let cluster: Json;
  let secrets: PlanResource[];
  let database: PostgresCluster;

  beforeAll(async () => {
    capture = await mockPulumi();
    const lake = minioLake();
    database = new PostgresCluster("airflow-db", {
      ...{ namespace: "orchestration", database: "airflow", owner: "airflow", instances: 3 },
      ...{ volumeSize: "20Gi", spreadOverZones: true, backup: { lake }, protect: true },
      clientCaFile: "/opt/airflow/metadata-db-ca/ca.crt",
    });
    objs = await configGroupObjs(capture, "airflow-db-cluster");
    cluster = findObject(objs, "Cluster", "airflow-db").spec as Json;
    secrets = await registered(capture, "kubernetes:core/v1:Secret");
  });

  it("runs a pinned PostgreSQL 17 image that carries the Barman Cloud tools its backups use", () => {
    expect(cluster.imageName).toBe(POSTGRES_IMAGE);
    expect(POSTGRES_IMAGE).toMatch(/^ghcr\.io\/cloudnative-pg\/postgresql:17\.\d+-system-/);
  });

  it("runs three instances on different zones, with no superuser access", () => {
    expect(cluster.instances).toBe(3);
    expect(cluster.enableSuperuserAccess).toBe(false);
    expect(cluster.affinity).toMatchObject({ topologyKey: "topology.kubernetes.io/zone", podAntiAffinityType: "required" });
  });

  it("gives Airflow a connection that verifies the server, from a Secret, with the password never in the manifests", () => {
    const connection = secrets.find((s) => s.name === "airflow-db-connection");
    expect(connection).toBeDefined();
    // The URI (with the password) is a Pulumi secret: the plan shows it masked.
    expect(JSON.stringify(connection?.inputs)).not.toMatch(/postgresql:\/\//);
    expect(JSON.stringify(objs)).not.toMatch(/password/i);
    // Verified against the CA CloudNativePG signs the server certificate with, where the consumer mounts it.
    expect(database.serverCa).toEqual({ secretName: "airflow-db-ca", key: "ca.crt" });
    expect(postgresTlsQuery("/opt/airflow/metadata-db-ca/ca.crt")).toBe(
      "?sslmode=verify-full&sslrootcert=/opt/airflow/metadata-db-ca/ca.crt",
    );
    expect(postgresTlsQuery()).toBe("?sslmode=require");
    const bootstrap = (cluster.bootstrap as Json).initdb as Json;
    expect(bootstrap).toEqual({ database: "airflow", owner: "airflow", secret: { name: "airflow-db-credentials" } });
  });

  it("backs up daily to the lake's processing zone and keeps 30 days", () => {
    const backup = cluster.backup as Json;
    expect(backup.retentionPolicy).toBe("30d");
    expect((backup.barmanObjectStore as Json).destinationPath).toMatch(/^s3:\/\/[^/]+\/cnpg\/airflow-db$/);
    const scheduled = findObject(objs, "ScheduledBackup", "airflow-db-daily").spec as Json;
    expect(scheduled).toMatchObject({ cluster: { name: "airflow-db" }, method: "barmanObjectStore" });
  });

  it("is protected in prod: the manifests, the password and the credentials", async () => {
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const group = groups.find((g) => g.name === "airflow-db-cluster");
    expect(group?.options).toMatchObject({ protect: true, retainOnDelete: true });
    const passwords = await registered(capture, "random:index/randomPassword:RandomPassword");
    expect(passwords.find((p) => p.name === "airflow-db-password")?.options.protect).toBe(true);
  });

  it("passes the CloudNativePG schema the plan validates against", () => {
    for (const object of objs) {
      const validate = CLOUDNATIVE_PG_VALIDATORS[`${object.apiVersion}/${object.kind}`];
      expect(validate?.(object) ?? [], `${object.kind}/${object.metadata.name}`).toEqual([]);
    }
  });
});
