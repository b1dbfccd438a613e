import type { Chart } from "cdk8s";
import { KubeLimitRange, KubeResourceQuota, Quantity } from "cdk8s-plus-34/lib/imports/k8s";
import { bytes, millicores } from "./quantities";

/** CPU and memory as Kubernetes quantities. */
export interface ComputeAmount {
  readonly cpu: string;
  readonly memory: string;
}

/**
 * What one namespace may consume: a ResourceQuota over all its pods and PVCs, and a LimitRange
 * whose defaults apply to containers that declare no requests/limits (the quota needs both).
 */
export interface NamespaceBudget {
  /** Sum of container requests (`requests.cpu`, `requests.memory`). */
  readonly requests: ComputeAmount;
  /** Sum of container limits (`limits.cpu`, `limits.memory`). */
  readonly limits: ComputeAmount;
  /** Pods, including finished Job pods not yet deleted. */
  readonly pods: number;
  readonly persistentVolumeClaims: number;
  /** Sum of PVC storage requests. */
  readonly storage: string;
  /** Defaults for containers without resources. */
  readonly containerDefaults: { readonly request: ComputeAmount; readonly limit: ComputeAmount };
}

const parsers = { cpu: millicores, memory: bytes } as const;
const examples = { cpu: "500m or 2", memory: "512Mi or 4Gi" } as const;

function parseProblems(problems: string[], path: string, amount: ComputeAmount): void {
  for (const key of ["cpu", "memory"] as const) {
    if (parsers[key](amount[key]) === undefined) problems.push(`${path}.${key}: got ${JSON.stringify(amount[key])}; expected a quantity like ${examples[key]}`);
  }
}

function atMost(problems: string[], path: string, small: ComputeAmount, large: ComputeAmount, what: string): void {
  for (const key of ["cpu", "memory"] as const) {
    const a = parsers[key](small[key]);
    const b = parsers[key](large[key]);
    if (a !== undefined && b !== undefined && a > b) problems.push(`${path}.${key}: got ${small[key]}; expected at most ${what} (${large[key]})`);
  }
}

/** Problems of a budget (quantities that do not parse, requests above limits), one line each. */
export function budgetProblems(budget: NamespaceBudget, path: string): string[] {
  const problems: string[] = [];
  parseProblems(problems, `${path}.requests`, budget.requests);
  parseProblems(problems, `${path}.limits`, budget.limits);
  parseProblems(problems, `${path}.containerDefaults.request`, budget.containerDefaults.request);
  parseProblems(problems, `${path}.containerDefaults.limit`, budget.containerDefaults.limit);
  atMost(problems, `${path}.requests`, budget.requests, budget.limits, "the limits");
  atMost(problems, `${path}.containerDefaults.limit`, budget.containerDefaults.limit, budget.limits, "the namespace limits");
  atMost(problems, `${path}.containerDefaults.request`, budget.containerDefaults.request, budget.containerDefaults.limit, "the default limit");
  if (bytes(budget.storage) === undefined) problems.push(`${path}.storage: got ${JSON.stringify(budget.storage)}; expected a storage quantity like 100Gi`);
  for (const key of ["pods", "persistentVolumeClaims"] as const) {
    if (!Number.isInteger(budget[key]) || budget[key] < 0) problems.push(`${path}.${key}: got ${budget[key]}; expected a non-negative integer`);
  }
  return problems;
}

const q = (value: string) => Quantity.fromString(value);

/** Adds the namespace's ResourceQuota and LimitRange to a cdk8s chart. */
export function addBudgetObjects(chart: Chart, namespace: string, budget: NamespaceBudget, labels: Readonly<Record<string, string>>): void {
  new KubeResourceQuota(chart, `${namespace}-quota`, {
    metadata: { name: "compute-and-storage", namespace, labels: { ...labels } },
    spec: {
      hard: {
        "requests.cpu": q(budget.requests.cpu),
        "requests.memory": q(budget.requests.memory),
        "limits.cpu": q(budget.limits.cpu),
        "limits.memory": q(budget.limits.memory),
        pods: Quantity.fromNumber(budget.pods),
        persistentvolumeclaims: Quantity.fromNumber(budget.persistentVolumeClaims),
        "requests.storage": q(budget.storage),
      },
    },
  });
  new KubeLimitRange(chart, `${namespace}-limits`, {
    metadata: { name: "container-defaults", namespace, labels: { ...labels } },
    spec: {
      limits: [
        {
          type: "Container",
          defaultRequest: { cpu: q(budget.containerDefaults.request.cpu), memory: q(budget.containerDefaults.request.memory) },
          default: { cpu: q(budget.containerDefaults.limit.cpu), memory: q(budget.containerDefaults.limit.memory) },
        },
      ],
    },
  });
}
