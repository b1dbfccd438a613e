import type * as pulumi from "@pulumi/pulumi";
import {
  Airflow,
  AIRFLOW_CA_FILE,
  AIRFLOW_METADATA_CA_FILE,
  CloudNativePgOperator,
  PostgresCluster,
  nodeSelectorFor,
  type BatchPipeline,
  type ClusterLayout,
  type MinioLake,
  type PostgresBackup,
  type TlsSettings,
  type YugabyteDB,
} from "../../components";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import { metadataDatabaseInstances } from "../settings/metadata-database";

/** What the orchestration side is composed from. */
export interface OssOrchestrationParts {
  readonly layout: ClusterLayout;
  readonly lake: MinioLake;
  readonly warehouse: YugabyteDB;
  readonly pipelines: readonly BatchPipeline[];
  /** Base backups of Airflow's database (to the lake, with the CA the tools trust). */
  readonly backup: PostgresBackup;
  readonly opts: pulumi.ComponentResourceOptions;
  /** Certificates and CA bundles, unless TLS is off (dev only). */
  readonly tls?: TlsSettings;
}

/**
 * Airflow on the cluster: its metadata database (PostgreSQL from the CloudNativePG operator, backed
 * up to the lake), its own read-only login on the warehouse, and the pipelines' DAGs.
 */
export function ossOrchestration(
  config: PlatformConfig,
  parts: OssOrchestrationParts,
): { airflow: Airflow; metadataDatabase: PostgresCluster } {
  const { layout, lake, warehouse, pipelines, backup, opts, tls } = parts;
  const { oss, protectData: protect } = config;
  const ns = layout.names;
  const labels = platformLabels(config);
  const pool = (name: "system" | "stateful") => nodeSelectorFor(name, oss.placement);
  const after = (...resources: pulumi.Resource[]) => ({ ...opts, dependsOn: [layout, ...resources] });

  // Airflow's own read-only login on the warehouse (its `yugabyte_ysql` connection), verifying
  // the server with the CA file Airflow mounts where it has TLS.
  const caFile = tls ? { caFile: AIRFLOW_CA_FILE } : undefined;
  const airflowLogin = warehouse.readerLogin("airflow", ns.orchestration, after(warehouse), caFile);
  const { database, ...sizes } = oss.airflow;
  const system = { nodeSelector: pool("system"), labels };
  const operator = new CloudNativePgOperator("cnpg", { namespace: ns.orchestration, ...system }, opts);
  const metadataDatabase = new PostgresCluster(
    "airflow-db",
    {
      ...{ namespace: ns.orchestration, database: "airflow", owner: "airflow" },
      instances: metadataDatabaseInstances(config.environment),
      ...{ volumeSize: database.volumeSize, storageClassName: database.storageClassName, size: database },
      spreadOverZones: (config.cluster.zones ?? []).length > 1,
      ...{ backup, nodeSelector: pool("stateful"), labels, protect },
      // Airflow mounts the cluster's CA there (its `serverCa`): the URI verifies the server.
      clientCaFile: AIRFLOW_METADATA_CA_FILE,
    },
    after(operator),
  );
  const yugabyteLogin = { secretName: airflowLogin.secretName, key: "connection" };
  const airflow = new Airflow(
    "airflow",
    {
      ...{ namespace: ns.orchestration, pipelines, remoteLogs: { lake }, metadataDatabase },
      connectionSecrets: { yugabyte_ysql: yugabyteLogin },
      ...(tls ? { tls } : {}),
      ...sizes,
      ...{ ...system, protect },
    },
    after(airflowLogin, ...pipelines),
  );
  return { airflow, metadataDatabase };
}
