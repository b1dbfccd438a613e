import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { assertNoProblems } from "../common/validation";
import type { OperatorWorkloadValues, SparkOperatorChartValues } from "./spark-operator-chart-values";
import { helmValues } from "../k8s/helm-values";
import type { ResourceRequirements } from "../k8s/value-types";
import { bytes } from "../k8s/quantities";
import { retainCustomResourceDefinitions } from "../k8s/retained-crds";

/** Pinned upstream chart and images (kubeflow.github.io/spark-operator). */
export const SPARK_OPERATOR_CHART = { repo: "https://kubeflow.github.io/spark-operator", chart: "spark-operator", version: "2.5.2" } as const;
export const SPARK_OPERATOR_IMAGE = { registry: "ghcr.io", repository: "kubeflow/spark-operator/controller", tag: "2.5.2" } as const;
export const SPARK_OPERATOR_HOOK_IMAGE = { registry: "ghcr.io", repository: "kubeflow/spark-operator/kubectl", tag: "2.5.2" } as const;
/** The webhook's container port; the API server must reach it (see ClusterLayout `webhooks`). */
export const SPARK_OPERATOR_WEBHOOK_PORT = 9443;
/** Labels of the webhook pods (`app.kubernetes.io/instance` is the release name). */
export const SPARK_OPERATOR_WEBHOOK_LABELS = { "app.kubernetes.io/name": "spark-operator", "app.kubernetes.io/component": "webhook" } as const;

export interface SparkOperatorArgs {
  /** Namespace the operator runs in. */
  readonly namespace: pulumi.Input<string>;
  /** Namespaces whose SparkApplications the operator runs (and whose pods its webhook mutates). */
  readonly jobNamespaces: readonly string[];
  /** Controller replicas (leader election picks one). @default 1 */
  readonly controllerReplicas?: number;
  /** Webhook replicas. @default 1 */
  readonly webhookReplicas?: number;
  /**
   * Controller container size; each submission starts a spark-submit JVM inside it (a memory limit
   * under 1792Mi is refused). @default 200m/768Mi requests, 1/2Gi limits
   */
  readonly controllerResources?: ResourceRequirements;
  /** Webhook container size. @default 100m/128Mi requests, 500m/256Mi limits */
  readonly webhookResources?: ResourceRequirements;
  /** Node labels of the system pool. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Labels on the operator's pods (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Concurrent reconciles, each of which may run one spark-submit JVM (the chart's default is 10). */
const SPARK_OPERATOR_WORKERS = 4;
/** The heap of one spark-submit JVM; in cluster mode Spark sets none, so the JVM would take a quarter of the limit. */
const SPARK_SUBMIT_HEAP_MIB = 256;
const SPARK_SUBMIT_HEAP = `${SPARK_SUBMIT_HEAP_MIB}m`;
/** Each JVM's heap and about 128 MiB of non-heap, and 256 MiB for the controller process itself. */
const CONTROLLER_MEMORY_FLOOR_MIB = SPARK_OPERATOR_WORKERS * (SPARK_SUBMIT_HEAP_MIB + 128) + 256;
const MIB = 1024 * 1024;

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function sparkOperatorProblems(args: SparkOperatorArgs): string[] {
  const problems: string[] = [];
  if (args.jobNamespaces.length === 0) problems.push("jobNamespaces: got []; expected at least one namespace (an empty list would not restrict the operator)");
  args.jobNamespaces.forEach((ns, i) => {
    if (!NAMESPACE.test(ns)) problems.push(`jobNamespaces[${i}]: got ${JSON.stringify(ns)}; expected a namespace name (\"\" would mean every namespace)`);
  });
  for (const key of ["controllerReplicas", "webhookReplicas"] as const) {
    const value = args[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) problems.push(`${key}: got ${value}; expected a positive integer`);
  }
  const limit = args.controllerResources?.limits?.memory;
  const limitBytes = limit === undefined ? undefined : bytes(limit);
  if (limit !== undefined && (limitBytes === undefined || limitBytes < CONTROLLER_MEMORY_FLOOR_MIB * MIB)) {
    problems.push(
      `controllerResources.limits.memory: got ${JSON.stringify(limit)}; expected at least ${CONTROLLER_MEMORY_FLOOR_MIB}Mi ` +
        `(${SPARK_OPERATOR_WORKERS} concurrent spark-submit JVMs run inside the controller)`,
    );
  }
  return problems;
}

/** The chart values; exported for tests. */
export function sparkOperatorChartValues(args: SparkOperatorArgs): SparkOperatorChartValues {
  const workload = (replicas: number, resources: ResourceRequirements, component: string): OperatorWorkloadValues => ({
    replicas,
    nodeSelector: { ...(args.nodeSelector ?? {}) },
    tolerations: [],
    labels: { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform", "batch-platform.io/component": component },
    resources,
    // 185 is the `spark` user of the operator image.
    podSecurityContext: { runAsNonRoot: true, fsGroup: 185, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    podDisruptionBudget: { enable: replicas > 1, minAvailable: 1 },
    leaderElection: { enable: true },
  });
  return {
    image: { ...SPARK_OPERATOR_IMAGE, pullPolicy: "IfNotPresent" },
    hook: { upgradeCrd: false, image: { ...SPARK_OPERATOR_HOOK_IMAGE } },
    controller: {
      ...workload(
        args.controllerReplicas ?? 1,
        args.controllerResources ?? { requests: { cpu: "200m", memory: "768Mi" }, limits: { cpu: "1", memory: "2Gi" } },
        "spark-operator-controller",
      ),
      // Each worker runs spark-submit as a JVM inside this container (up to `workers` at once), so
      // their heaps are capped and counted in the limit: 4 × 256 MiB heap plus non-heap, and the controller.
      workers: SPARK_OPERATOR_WORKERS,
      env: [{ name: "SPARK_SUBMIT_OPTS", value: `-Xmx${SPARK_SUBMIT_HEAP}` }],
      uiService: { enable: false },
    },
    webhook: {
      ...workload(
        args.webhookReplicas ?? 1,
        args.webhookResources ?? { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
        "spark-operator-webhook",
      ),
      enable: true,
      port: SPARK_OPERATOR_WEBHOOK_PORT,
      failurePolicy: "Fail",
      timeoutSeconds: 10,
    },
    spark: { jobNamespaces: [...args.jobNamespaces], serviceAccount: { create: false }, rbac: { create: false } },
    prometheus: { metrics: { enable: true }, podMonitor: { create: false } },
  };
}

/**
 * The kubeflow Spark Operator from its upstream chart: it watches only the given job namespaces,
 * its mutating webhook applies the pod fields of SparkApplications (volumes, env, node selectors,
 * tolerations, security contexts), and its controller and webhook run on the system pool, non-root.
 */
export class SparkOperator extends pulumi.ComponentResource {
  /** The Helm release name (prefix of the operator's objects). */
  readonly releaseName: string;
  readonly jobNamespaces: readonly string[];

  constructor(name: string, args: SparkOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("SparkOperator", sparkOperatorProblems(args));
    super("batch-platform:engine:SparkOperator", name, {}, opts);
    this.releaseName = name;
    this.jobNamespaces = [...args.jobNamespaces];
    new Chart(
      `${name}-chart`,
      {
        name,
        chart: SPARK_OPERATOR_CHART.chart,
        version: SPARK_OPERATOR_CHART.version,
        repositoryOpts: { repo: SPARK_OPERATOR_CHART.repo },
        namespace: args.namespace,
        values: helmValues(sparkOperatorChartValues(args)),
      },
      { parent: this, transforms: [retainCustomResourceDefinitions] },
    );
    this.registerOutputs({});
  }
}
