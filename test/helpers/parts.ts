import { Dataflow } from "../../components/engine/dataflow";
import { SparkEngine } from "../../components/engine/spark-engine";
import { GkeWorkloadIdentity } from "../../components/identity/gke-workload-identity";
import type { WorkloadIdentity } from "../../components/identity/workload-identity";
import { GcsLake } from "../../components/lake/gcs-lake";
import { MinioLake } from "../../components/lake/minio-lake";
import type { DataLake } from "../../components/lake/data-lake";
import { BigQueryWarehouse } from "../../components/warehouse/bigquery-warehouse";
import { YugabyteDB } from "../../components/warehouse/yugabyte-db";

/** Parts built the way compositions build them, for tests running under the plan's mocks. */

export const PROJECT = "acme-data-dev";
export const REGION = "europe-west4";
export const LABELS = { environment: "dev", "cost-center": "data", owner: "team" };
const ZONES = { landing: { versioning: false }, processing: { versioning: false }, curated: { versioning: false } };

export function minioLake(name = "lake"): MinioLake {
  return new MinioLake(name, { namespace: "lake", zones: ZONES, labels: LABELS });
}

export function gcsLake(name = "lake"): GcsLake {
  return new GcsLake(name, { project: PROJECT, location: REGION, namePrefix: "acme", environment: "dev", zones: ZONES, labels: LABELS });
}

export function gkeIdentity(): GkeWorkloadIdentity {
  return new GkeWorkloadIdentity({ project: PROJECT, workloadPool: `${PROJECT}.svc.id.goog`, accountIdPrefix: "acme-dev" });
}

/** Spark in `processing`; with a GCS lake, bound to a Google account by workload identity. */
export function sparkEngine(lake: DataLake, name = "spark"): SparkEngine {
  return new SparkEngine(name, {
    namespace: "processing",
    lake,
    ...(lake.kind === "gcs" ? { workloadIdentity: gkeIdentity(), cloudRoles: ["roles/bigquery.jobUser"] } : {}),
    driver: { cores: 1, memory: "1g", memoryOverhead: "384m" },
    executor: { cores: 1, memory: "2g", memoryOverhead: "512m", instances: 1 },
    dynamicAllocation: { minExecutors: 1, maxExecutors: 2 },
    hiveMetastoreUri: "thrift://hive-metastore.processing.svc.cluster.local:9083",
    labels: LABELS,
  });
}

export function dataflowEngine(lake: DataLake, name = "dataflow"): Dataflow {
  return new Dataflow(name, {
    project: PROJECT,
    region: REGION,
    lake,
    network: { networkId: "net-id", networkName: "acme-dev", subnetworkPath: `regions/${REGION}/subnetworks/acme-dev-${REGION}` },
    serviceAccountId: "acme-dev-dataflow",
    machineType: "e2-standard-2",
    maxWorkers: 2,
    imageTag: "0.1.0",
    labels: LABELS,
  });
}

export function yugabyte(name = "warehouse"): YugabyteDB {
  return new YugabyteDB(name, { namespace: "serving", labels: LABELS });
}

export function bigquery(name = "warehouse"): BigQueryWarehouse {
  return new BigQueryWarehouse(name, { project: PROJECT, location: REGION, labels: LABELS });
}

/** An orchestrator's identity with a Google account, as Airflow on GKE has. */
export const AIRFLOW_ON_GKE: WorkloadIdentity = {
  name: "airflow",
  serviceAccounts: [{ namespace: "orchestration", name: "airflow-worker" }],
  google: { email: `acme-dev-airflow@${PROJECT}.iam.gserviceaccount.com` },
};
