import type * as pulumi from "@pulumi/pulumi";
import type { Engine } from "../engine/engine";
import type { OrchestratorNeed } from "../orchestrator/orchestrator";
import type { BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import type { DagTask } from "../pipeline/dag/dag-task";

/** Where and how an engine hands a pipeline's gold to the warehouse. */
export type GoldHandoff =
  /**
   * The engine writes gold over JDBC into a staging table of the pipeline's schema and merges it
   * into the serving table on the sink keys (YugabyteDB YSQL, PostgreSQL).
   */
  | {
      readonly kind: "jdbc";
      /** `jdbc:postgresql://host:5433/database`, no credentials. */
      readonly jdbcUrl: string;
      readonly schema: string;
      /** Secret in the engine's namespace with the pipeline's login. */
      readonly credentialsSecret: { readonly name: string; readonly usernameKey: string; readonly passwordKey: string };
    }
  /** The engine writes gold (and, if it keeps the medallion in the warehouse, bronze and silver) into BigQuery. */
  | {
      readonly kind: "bigquery";
      readonly project: string;
      readonly location: string;
      readonly datasets: { readonly bronze: string; readonly silver: string; readonly gold: string };
      /** `project.dataset.table` of the pipeline's gold table. */
      readonly goldTable: string;
    }
  /** The engine writes the run's gold as Parquet files under `exportUri`; the warehouse loads them (Synapse COPY INTO). */
  | {
      readonly kind: "parquetExport";
      /** Lake URI of the run's export folder; holds the run's Jinja template (`{{ run_id }}`). */
      readonly exportUri: string;
    };

/** One pipeline's serving side: its tables, how gold arrives, and the load the DAG runs. */
export interface PipelineSink {
  readonly gold: GoldHandoff;
  /** Tasks that bring gold into serving after the engine ran (e.g. a MERGE); empty when the engine's handoff merges. */
  readonly loadTasks: readonly DagTask[];
  /** The serving table readers query, e.g. `warehouse.orders.daily_revenue`. */
  readonly servingTable: string;
  /** The serving table as an Airflow asset URI (the provider's form), so downstream DAGs schedule on it. */
  readonly servingAsset: string;
  /** What the load tasks need from the orchestrator. */
  readonly needs: readonly OrchestratorNeed[];
  /** Resources the pipeline's jobs wait for (the login, the tables). */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** What a warehouse is told about a pipeline. */
export interface PipelineSinkArgs {
  readonly spec: BatchPipelineSpec;
  /** The engine that computes gold (its identity gets the handoff's access). */
  readonly engine: Engine;
  /** Labels of the pipeline, for the objects the sink creates. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The serving role: YugabyteDB, BigQuery, Synapse. Given a pipeline and the engine that computes it,
 * it declares the pipeline's tables and logins, grants the engine what the handoff needs, and says
 * how gold is loaded into serving.
 */
export interface Warehouse {
  readonly kind: "yugabytedb" | "bigquery" | "synapse";
  /** A display name for generated docs, e.g. `YugabyteDB`. */
  readonly title: string;
  /** Declares the pipeline's serving side; its resources are children of `parent`. */
  pipelineSink(name: string, args: PipelineSinkArgs, parent: pulumi.Resource): PipelineSink;
}
