/** Small hand-written plan documents for the diff tests. */
import type {
  CostEstimate,
  CostLine,
  PlanDocument,
  PlanFinding,
  PlanResource,
  PlanResourceOptions,
  PlanValue,
} from "../../infra/plan/document";

export const PROJECT = "batch-platform";

export function urn(stack: string, type: string, name: string, parentType?: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

export interface ResourceSpec {
  readonly type: string;
  readonly name: string;
  readonly inputs?: { readonly [key: string]: PlanValue };
  readonly options?: Partial<PlanResourceOptions>;
  readonly parent?: { readonly type: string; readonly urn: string };
}

export function resource(stack: string, spec: ResourceSpec): PlanResource {
  return {
    urn: urn(stack, spec.type, spec.name, spec.parent?.type),
    type: spec.type,
    name: spec.name,
    parent: spec.parent?.urn ?? `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`,
    custom: !spec.type.startsWith("batch-platform:") && spec.type !== "kubernetes:yaml/v2:ConfigGroup",
    inputs: spec.inputs ?? {},
    options: { protect: false, retainOnDelete: false, dependsOn: [], provider: null, ...spec.options },
  };
}

export function plan(
  stack: string,
  resources: readonly ResourceSpec[],
  extra: {
    readonly findings?: readonly PlanFinding[];
    readonly cost?: CostEstimate;
    readonly outputs?: { readonly [key: string]: PlanValue };
  } = {},
): PlanDocument {
  const [variant = "gcp", environment = "dev"] = stack.split("-");
  return {
    stack,
    variant,
    environment,
    outputs: extra.outputs ?? {},
    resources: resources.map((spec) => resource(stack, spec)).sort((a, b) => (a.urn < b.urn ? -1 : 1)),
    findings: extra.findings ?? [],
    ...(extra.cost ? { cost: extra.cost } : {}),
  };
}

export const BUCKET = "gcp:storage/bucket:Bucket";

/** A GCS lake zone bucket as the lake component would declare it. */
export function bucket(name: string, inputs: { readonly [key: string]: PlanValue } = {}): ResourceSpec {
  return {
    type: BUCKET,
    name,
    inputs: { name: `bp-${name}`, location: "EU", uniformBucketLevelAccess: true, ...inputs },
  };
}

export function finding(stack: string, overrides: Partial<PlanFinding> = {}): PlanFinding {
  return {
    source: "placement/stateful-not-on-spot",
    severity: "high",
    enforcement: "mandatory",
    urn: urn(stack, BUCKET, "lake-landing"),
    message: "StatefulSet yugabyte-tserver may schedule on spot nodes",
    ...overrides,
  };
}

export function costLine(urnValue: string, item: string, monthlyUsd: number): CostLine {
  return { urn: urnValue, item, quantity: 1, unit: "month", unitUsd: monthlyUsd, monthlyUsd };
}

export function cost(lines: readonly CostLine[]): CostEstimate {
  return {
    monthlyUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0),
    lines,
    notPriced: [],
    assumptions: { storageGb: 100 },
  };
}

export const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";

export function statefulSet(name: string, image: string, withVolumes = true): { [key: string]: PlanValue } {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name, namespace: "serving" },
    spec: {
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image }] } },
      ...(withVolumes
        ? {
            volumeClaimTemplates: [
              {
                metadata: { name: "data" },
                spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
              },
            ],
          }
        : {}),
    },
  };
}

export function configMap(name: string, data: { [key: string]: string }): { [key: string]: PlanValue } {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "airflow" }, data };
}
