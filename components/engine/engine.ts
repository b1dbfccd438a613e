import type * as pulumi from "@pulumi/pulumi";
import type { WorkloadIdentity } from "../identity/workload-identity";
import type { OrchestratorNeed } from "../orchestrator/orchestrator";
import type { BatchPipelineSpec } from "../pipeline/batch-pipeline-spec";
import type { DagTask } from "../pipeline/dag/dag-task";
import type { GoldHandoff } from "../warehouse/warehouse";

/** One pipeline's medallion job as the engine gets it. */
export interface MedallionJob {
  readonly spec: BatchPipelineSpec;
  /** The files claimed for one run, as the engine addresses them (holds the run's Jinja prefix). */
  readonly landingUri: string;
  /** Where gold goes (from the warehouse). */
  readonly gold: GoldHandoff;
}

/** A plain Kubernetes object (apiVersion, kind, metadata, …) the pipeline delivers with its DAG. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** What running one pipeline on the engine takes. */
export interface EngineRun {
  /** The tasks that run the job to completion, in order (process, then the gold handoff). */
  readonly tasks: readonly DagTask[];
  /** Files shipped beside the DAG (e.g. SparkApplication templates the tasks submit). */
  readonly dagFiles: Readonly<Record<string, string>>;
  /** Objects the job needs in the cluster (e.g. its job files); the pipeline deploys them. */
  readonly objects: readonly KubernetesObject[];
  /** What the tasks need from the orchestrator (connections, roles, launch rights). */
  readonly needs: readonly OrchestratorNeed[];
}

/**
 * The processing role: Spark (on any Kubernetes), Dataflow, Databricks. It turns a pipeline's
 * medallion job into the tasks that run it, and says where bronze, silver and gold live.
 */
export interface Engine {
  readonly kind: "spark" | "dataflow" | "databricks";
  /** A display name for generated docs, e.g. `Spark + Delta`. */
  readonly title: string;
  /** Where bronze, silver and gold live: Delta tables in the lake, or tables in the warehouse. */
  readonly medallionStore: "lake" | "warehouse";
  /** The identity the jobs run as; warehouses grant it what the gold handoff needs. */
  readonly identity: WorkloadIdentity;
  /**
   * The CA bundle Secret whose CA the jobs' JVMs trust by default (their truststore), if any: a
   * JDBC sink whose certificate chains to it can have its server verified. @default none
   */
  readonly jvmTrustedCaBundle?: string;
  /** Declares what the pipeline needs on the engine (children of `parent`) and returns its run. */
  pipelineRun(name: string, job: MedallionJob, parent: pulumi.Resource): EngineRun;
}
