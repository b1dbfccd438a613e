/**
 * `cluster-replacement` and `provider-target`: replacing (or deleting) a Kubernetes cluster, or
 * pointing a Kubernetes provider at another cluster or namespace, takes every object on it along —
 * volumes included. Each hazard lists the data-bearing objects that would go or move.
 */
import { parse } from "yaml";
import { SECRET_MASK, type PlanResource, type PlanValue } from "../plan/document";
import { dataBearingReason } from "./data-bearing";
import { foundHazard, type ComparedEntity, type FoundHazard } from "./found-hazard";
import type { PlanEntity } from "./plan-entities";
import type { ResourceChange } from "./types";
import { isPlanRecord } from "./value-diff";

/** Managed Kubernetes clusters, and the input that names each. */
export const CLUSTER_TYPES: { readonly [type: string]: string } = {
  "gcp:container/cluster:Cluster": "name",
  "azure-native:containerservice:ManagedCluster": "resourceName",
  "aws:eks/cluster:Cluster": "name",
};

export const KUBERNETES_PROVIDER = "pulumi:providers:kubernetes";
// Longest list of objects printed per hazard.
const MAX_LISTED = 25;

/** What the cluster rules need to know about the old plan. */
export interface OldPlanView {
  /** Kubernetes provider resources of the old plan. */
  readonly kubernetesProviders: readonly PlanResource[];
  /** Entities of the old plan deployed through `providerUrn`. */
  entitiesOn(providerUrn: string): readonly PlanEntity[];
}

function dataBearingLines(view: OldPlanView, providers: readonly PlanResource[]): string[] {
  const lines: string[] = [];
  for (const provider of providers) {
    for (const entity of view.entitiesOn(provider.urn)) {
      const why = dataBearingReason(entity.type, entity.inputs);
      if (why !== undefined) lines.push(`\`${entity.name}\` (${entity.type}) — ${why}`);
    }
  }
  const sorted = [...new Set(lines)].sort();
  if (sorted.length === 0)
    return ["no data-bearing object is declared on it (Helm-rendered ones are not visible offline)"];
  const shownLines = sorted.slice(0, MAX_LISTED);
  if (sorted.length > MAX_LISTED) shownLines.push(`… and ${sorted.length - MAX_LISTED} more`);
  return shownLines;
}

/** The providers that target a cluster: beside it in its component, or naming it in their kubeconfig. */
function providersOf(cluster: PlanEntity, view: OldPlanView): { providers: PlanResource[]; certain: boolean } {
  const name = cluster.inputs[CLUSTER_TYPES[cluster.type] ?? "name"];
  const bound = view.kubernetesProviders.filter((provider) => {
    const kubeconfig = provider.inputs.kubeconfig;
    const named =
      typeof name === "string" && name !== "" && typeof kubeconfig === "string" && kubeconfig.includes(name);
    return named || (cluster.parent !== null && provider.parent === cluster.parent);
  });
  return bound.length > 0
    ? { providers: bound, certain: true }
    : { providers: [...view.kubernetesProviders], certain: false };
}

export function clusterHazards(change: ResourceChange, before: PlanEntity, view: OldPlanView): FoundHazard[] {
  if (!(before.type in CLUSTER_TYPES) || (change.action !== "replace" && change.action !== "delete")) return [];
  const { providers, certain } = providersOf(before, view);
  const which = certain
    ? ""
    : " (which provider targets it is not visible in the plan; every Kubernetes provider of the stack listed)";
  const verb = change.action === "replace" ? "replaces" : "deletes";
  const why = `${verb} the cluster: every Kubernetes object on it is lost with it${which}`;
  return [foundHazard("cluster-replacement", before, why, dataBearingLines(view, providers))];
}

interface Target {
  readonly cluster?: string;
  readonly server?: string;
  readonly context?: string;
  readonly namespace?: string;
}

/** Where a kubeconfig points: its current context's cluster and server (credentials ignored). */
function kubeconfigTarget(kubeconfig: PlanValue | undefined): Target | string | undefined {
  if (typeof kubeconfig !== "string") return undefined;
  let config: unknown;
  try {
    config = parse(kubeconfig);
  } catch {
    return kubeconfig;
  }
  if (!isPlanRecord(config as PlanValue)) return kubeconfig;
  const record = config as { [key: string]: PlanValue };
  const find = (list: PlanValue | undefined, name: PlanValue | undefined) =>
    (Array.isArray(list) ? list : []).find((item) => isPlanRecord(item) && item.name === name);
  const context = find(record.contexts, record["current-context"]);
  const contextBody = isPlanRecord(context) && isPlanRecord(context.context) ? context.context : {};
  const cluster = find(record.clusters, contextBody.cluster);
  const clusterBody = isPlanRecord(cluster) && isPlanRecord(cluster.cluster) ? cluster.cluster : {};
  return {
    cluster: typeof contextBody.cluster === "string" ? contextBody.cluster : undefined,
    server: typeof clusterBody.server === "string" ? clusterBody.server : undefined,
    namespace: typeof contextBody.namespace === "string" ? contextBody.namespace : undefined,
  };
}

/** Where a provider points: from its kubeconfig when readable, and its `context`, `cluster`, `namespace`. */
function describeTarget(inputs: { readonly [key: string]: PlanValue }): Target | string {
  // A masked kubeconfig says nothing (the same mask on both sides); the other inputs still do.
  const fromKubeconfig = inputs.kubeconfig === SECRET_MASK ? undefined : kubeconfigTarget(inputs.kubeconfig);
  if (typeof fromKubeconfig === "string") return fromKubeconfig;
  const pick = (key: string) => (typeof inputs[key] === "string" ? (inputs[key] as string) : undefined);
  return {
    ...fromKubeconfig,
    ...(pick("context") !== undefined ? { context: pick("context") } : {}),
    ...(pick("cluster") !== undefined ? { cluster: pick("cluster") } : {}),
    ...(pick("namespace") !== undefined ? { namespace: pick("namespace") } : {}),
  };
}

/** Lines naming what moved: `cluster "a" → "b"`; the kubeconfig text itself is never printed. */
function targetChanges(before: PlanEntity, after: PlanEntity): string[] {
  const [a, b] = [describeTarget(before.inputs), describeTarget(after.inputs)];
  if (typeof a === "string" || typeof b === "string")
    return a === b ? [] : ["`kubeconfig` changed (not readable as a kubeconfig; value masked)"];
  const changes: string[] = [];
  for (const key of ["cluster", "server", "context", "namespace"] as const) {
    const [was, now] = [JSON.stringify(a[key] ?? null), JSON.stringify(b[key] ?? null)];
    if (was !== now) changes.push(`${key} ${was} → ${now}`);
  }
  return changes;
}

export function providerTargetHazards({ before, after }: ComparedEntity, view: OldPlanView): FoundHazard[] {
  if (after.type !== KUBERNETES_PROVIDER || before.type !== KUBERNETES_PROVIDER) return [];
  const moved = targetChanges(before, after);
  if (moved.length === 0) return [];
  const provider = view.kubernetesProviders.find((p) => p.urn === before.urn);
  const objects = provider ? dataBearingLines(view, [provider]) : [];
  const where = moved.join("; ");
  const why =
    `points the Kubernetes provider elsewhere (${where}): ` +
    "every object it deploys is created there and deleted here";
  return [foundHazard("provider-target", after, why, objects)];
}
