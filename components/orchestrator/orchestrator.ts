import type * as pulumi from "@pulumi/pulumi";
import type { KubernetesServiceAccountRef, WorkloadIdentity } from "../identity/workload-identity";

/** A namespaced RBAC rule. */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/** How an Airflow connection reaches the orchestrator. */
export type ConnectionValue =
  /** The connection in Airflow's JSON form; a Pulumi secret when it carries credentials. */
  | { readonly value: pulumi.Input<string> }
  /** A key of an existing Secret in the orchestrator's namespace holding the connection. */
  | { readonly secretName: string; readonly key: string };

/**
 * What a part of a pipeline (lake, engine, warehouse) needs from the orchestrator that runs the
 * pipeline's DAG. The orchestrator fulfils each for its own identity: parts never see it up front.
 */
export type OrchestratorNeed =
  /** A connection the part's tasks use, built for the orchestrator's identity. */
  | { readonly kind: "connection"; readonly connId: string; readonly connection: (identity: WorkloadIdentity) => ConnectionValue }
  /** Rights of the task pods in another namespace (e.g. submitting SparkApplications). */
  | { readonly kind: "kubernetesRole"; readonly namespace: string; readonly rules: readonly RbacRule[] }
  /** A project-level cloud role of the orchestrator's cloud identity (only where nothing narrower exists). */
  | { readonly kind: "cloudRole"; readonly role: string }
  /** Access the part grants the orchestrator's identity; `key` names it once across pipelines. */
  | { readonly kind: "access"; readonly key: string; readonly grant: (identity: WorkloadIdentity) => void };

/**
 * What a pipeline hands its orchestrator: the ConfigMap holding its DAG (and the templates beside it)
 * and what the DAG's tasks need. The orchestrator is declared after its pipelines and receives them,
 * so it grants exactly what they need to its own identity.
 */
export interface PipelineDags {
  readonly pipelineName: string;
  /** Namespace of the DAG ConfigMap; the orchestrator's own. */
  readonly dagNamespace: string;
  readonly dagConfigMapName: string;
  readonly needs: readonly OrchestratorNeed[];
}

/** The orchestrator role: who its workloads are and what its DAGs can use. */
export interface Orchestrator {
  readonly kind: "airflow";
  readonly namespace: string;
  /** The identity task pods, the triggerer and the API server run as (grants go to this). */
  readonly identity: WorkloadIdentity;
  /** Its service accounts by role; names are this output, never typed again elsewhere. */
  readonly serviceAccounts: { readonly worker: KubernetesServiceAccountRef; readonly triggerer: KubernetesServiceAccountRef; readonly apiServer: KubernetesServiceAccountRef };
  /** Connection ids the DAGs can use. */
  readonly connectionIds: readonly string[];
}

/** Needs of many pipelines folded into one: a connection, role, cloud role or access once each. */
export interface MergedNeeds {
  readonly connections: ReadonlyMap<string, (identity: WorkloadIdentity) => ConnectionValue>;
  /** Namespace → rules (duplicates removed, in first-seen order). */
  readonly kubernetesRoles: ReadonlyMap<string, readonly RbacRule[]>;
  readonly cloudRoles: readonly string[];
  readonly access: ReadonlyMap<string, (identity: WorkloadIdentity) => void>;
}

/** Folds needs: the first need of each connection id or access key wins; RBAC rules are unioned. */
export function mergeNeeds(needs: readonly OrchestratorNeed[]): MergedNeeds {
  const connections = new Map<string, (identity: WorkloadIdentity) => ConnectionValue>();
  const roles = new Map<string, RbacRule[]>();
  const cloudRoles = new Set<string>();
  const access = new Map<string, (identity: WorkloadIdentity) => void>();
  for (const need of needs) {
    switch (need.kind) {
      case "connection":
        if (!connections.has(need.connId)) connections.set(need.connId, need.connection);
        break;
      case "kubernetesRole": {
        const rules = roles.get(need.namespace) ?? [];
        const seen = new Set(rules.map((rule) => JSON.stringify(rule)));
        for (const rule of need.rules) if (!seen.has(JSON.stringify(rule))) rules.push(rule);
        roles.set(need.namespace, rules);
        break;
      }
      case "cloudRole":
        cloudRoles.add(need.role);
        break;
      case "access":
        if (!access.has(need.key)) access.set(need.key, need.grant);
        break;
    }
  }
  return { connections, kubernetesRoles: roles, cloudRoles: [...cloudRoles], access };
}
