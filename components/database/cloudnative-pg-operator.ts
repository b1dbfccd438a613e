import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { helmValues } from "../k8s/helm-values";
import {
  restrictedContainerSecurity,
  type RestrictedContainerSecurity,
  type ResourceRequirements,
} from "../k8s/value-types";

/** Pinned upstream chart (cloudnative-pg.github.io) and the operator it deploys. */
export const CLOUDNATIVE_PG_CHART = {
  repo: "https://cloudnative-pg.github.io/charts",
  chart: "cloudnative-pg",
  version: "0.29.0",
} as const;
/**
 * 1.30 is the last operator with in-tree Barman Cloud backups (`backup.barmanObjectStore`, which
 * `PostgresCluster` uses; its webhook warns they go in 1.31.0). Moving past it needs the Barman
 * Cloud Plugin (an ObjectStore, `spec.plugins`, ScheduledBackup `method: plugin`) first.
 */
export const CLOUDNATIVE_PG_IMAGE = { repository: "ghcr.io/cloudnative-pg/cloudnative-pg", tag: "1.30.0" } as const;
/** The operator's admission webhook port (the chart's `webhook.port`); the API server must reach it. */
export const CLOUDNATIVE_PG_WEBHOOK_PORT = 9443;
/** Labels of the operator pods (the chart's selector labels for release `cnpg`). */
export const CLOUDNATIVE_PG_POD_LABELS = { "app.kubernetes.io/name": "cloudnative-pg" } as const;

export interface CloudNativePgOperatorArgs {
  /** Namespace of the operator; it manages PostgreSQL clusters in this namespace only. */
  readonly namespace: string;
  /** Node labels of the system pool. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Labels on the operator's pods. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The chart values this project sets (the chart's defaults are restricted, non-root, read-only). */
export interface CloudNativePgValues {
  readonly replicaCount: number;
  readonly image: { readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
  readonly crds: { readonly create: true };
  /** Namespace-scoped: a Role, not a ClusterRole, for the clusters it manages. */
  readonly config: { readonly clusterWide: false };
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly monitoring: { readonly podMonitorEnabled: false; readonly grafanaDashboard: { readonly create: false } };
  /** The chart's defaults, stated: non-root (10001), read-only (the chart gives it an emptyDir `scratch-data` at `/controller`). */
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  readonly containerSecurityContext: RestrictedContainerSecurity<true> & {
    readonly runAsUser: 10001;
    readonly runAsGroup: 10001;
  };
}

export function cloudNativePgValues(args: CloudNativePgOperatorArgs): CloudNativePgValues {
  return {
    replicaCount: 1,
    image: { ...CLOUDNATIVE_PG_IMAGE, pullPolicy: "IfNotPresent" },
    crds: { create: true },
    config: { clusterWide: false },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    nodeSelector: { ...(args.nodeSelector ?? {}) },
    podLabels: { ...(args.labels ?? {}), "app.kubernetes.io/component": "database-operator" },
    monitoring: { podMonitorEnabled: false, grafanaDashboard: { create: false } },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containerSecurityContext: { ...restrictedContainerSecurity(true), runAsUser: 10001, runAsGroup: 10001 },
  };
}

/**
 * The CloudNativePG operator from its upstream chart, watching only its own namespace: it runs the
 * PostgreSQL clusters there (failover, TLS, backups to object storage) — see {@link PostgresCluster}.
 */
export class CloudNativePgOperator extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly chart: Chart;

  constructor(name: string, args: CloudNativePgOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("batch-platform:database:CloudNativePgOperator", name, {}, opts);
    this.namespace = args.namespace;
    this.chart = new Chart(
      `${name}-chart`,
      {
        name: "cnpg",
        chart: CLOUDNATIVE_PG_CHART.chart,
        version: CLOUDNATIVE_PG_CHART.version,
        repositoryOpts: { repo: CLOUDNATIVE_PG_CHART.repo },
        namespace: args.namespace,
        values: helmValues(cloudNativePgValues(args)),
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
