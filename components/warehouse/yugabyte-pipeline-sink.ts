import type * as pulumi from "@pulumi/pulumi";
import { describeIdentity } from "../identity/workload-identity";
import { pipelineIdentifier, type BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import type { PipelineSink, PipelineSinkArgs } from "./warehouse";
import { YugabyteDatabase } from "./yugabyte-database";
import { CREDENTIAL_KEYS, jvmClientTrust, type YugabyteServer } from "./yugabyte-server";

/** The YSQL database every pipeline's serving table lands in (one schema per pipeline), and its readers. */
export interface YugabyteServingDatabase {
  /** @default "warehouse" */
  readonly name: string;
  /** Group role that may read every pipeline's tables (query engines' logins join it). @default "warehouse_reader" */
  readonly readerRole: string;
}

export const DEFAULT_SERVING_DATABASE: YugabyteServingDatabase = { name: "warehouse", readerRole: "warehouse_reader" };

/** Names a pipeline's serving side gets, derived from the pipeline's name only. */
export function yugabyteSinkNames(spec: Pick<BatchPipelineSpec, "name">): { credentials: string; loaderRole: string; schema: string } {
  const id = pipelineIdentifier(spec);
  return { credentials: `${spec.name}-ysql`, loaderRole: `${id}_loader`, schema: id };
}

/**
 * A pipeline's serving side on YugabyteDB: its own schema and loader role in the serving database,
 * readable by the reader group, with the login as a Secret in the engine's namespace. The engine
 * writes gold over JDBC into a staging table and merges it on the sink keys, so no further load
 * task runs in the DAG. The schema's data stays when the pipeline is removed.
 */
export function yugabytePipelineSink(
  server: YugabyteServer,
  database: YugabyteServingDatabase,
  name: string,
  args: PipelineSinkArgs,
  parent: pulumi.Resource,
): PipelineSink {
  const { spec, engine } = args;
  if (engine.medallionStore !== "lake") {
    throw new Error(`YugabyteDB: pipeline ${spec.name}: ${engine.title} keeps bronze, silver and gold in its own warehouse; YugabyteDB takes gold from an engine that keeps the medallion in the lake (Spark)`);
  }
  const namespace = engine.identity.serviceAccounts[0]?.namespace;
  if (namespace === undefined) throw new Error(`YugabyteDB: pipeline ${spec.name}: engine ${describeIdentity(engine.identity)} runs outside the cluster; its login Secret needs a namespace`);
  const names = yugabyteSinkNames(spec);
  // The jobs verify the server where their truststore holds the CA bundle it names.
  const clientTrust = jvmClientTrust(server, engine.jvmTrustedCaBundle);
  const sink = new YugabyteDatabase(
    `${name}-sink`,
    {
      server,
      role: names.loaderRole,
      access: { api: "ysql", database: database.name, ownsDatabase: false, schema: names.schema, readers: [database.readerRole] },
      consumerNamespace: namespace,
      secretName: names.credentials,
      labels: args.labels ?? {},
      ...(clientTrust ? { clientTrust } : {}),
    },
    { parent },
  );
  return {
    gold: {
      kind: "jdbc",
      jdbcUrl: sink.jdbcUrl!,
      schema: names.schema,
      credentialsSecret: { name: names.credentials, usernameKey: CREDENTIAL_KEYS.username, passwordKey: CREDENTIAL_KEYS.password },
    },
    loadTasks: [],
    servingTable: `${database.name}.${names.schema}.${spec.sink.table}`,
    // The postgres provider's asset form: postgres://host:port/database/schema/table (YSQL speaks it).
    servingAsset: `postgres://${server.host}:${server.ysqlPort}/${database.name}/${names.schema}/${spec.sink.table}`,
    needs: [],
    dependsOn: [sink],
  };
}
