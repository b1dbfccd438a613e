import type { ResourceRequirements } from "../k8s/value-types";

/**
 * The values of the upstream `yugabyte` chart (charts.yugabyte.com) this project sets; typed so a
 * misspelt key is a compile error instead of a silently ignored value. Keys as in the chart's
 * `values.yaml` (2025.2.5). There is no PodDisruptionBudget API switch: the chart picks `policy/v1`
 * from the cluster's capabilities.
 */

export interface YugabyteStorage {
  /** PVCs per pod. */
  readonly count: number;
  readonly size: string;
  /** Empty string: the cluster's default StorageClass. */
  readonly storageClass: string;
}

export interface PodAntiAffinityTerm {
  readonly labelSelector: {
    readonly matchExpressions: readonly {
      readonly key: string;
      readonly operator: "In";
      readonly values: readonly string[];
    }[];
  };
  readonly topologyKey: string;
}

/** Per-server settings (`master`, `tserver`) of the chart. */
export interface YugabyteServerValues {
  /** Merged by the chart with its own preferred host anti-affinity. */
  readonly affinity: {
    readonly podAntiAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution: readonly PodAntiAffinityTerm[];
    };
  };
  readonly tolerations: readonly never[];
  readonly podLabels: Readonly<Record<string, string>>;
  readonly extraEnv: readonly never[];
  /** The chart's readiness probe (master: HTTP on the status page; tserver: `ysqlsh -U yugabyte`). */
  readonly readinessProbe: { readonly enabled: false };
}

export interface YugabyteChartValues {
  readonly Image: { readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
  readonly storage: { readonly ephemeral: false; readonly master: YugabyteStorage; readonly tserver: YugabyteStorage };
  /**
   * Memory strictly in `Gi` (the chart derives `memory_limit_hard_bytes` from it) and CPU in decimal
   * cores (the chart renders `--num_cpus` as the `ceil` of `requests.cpu`, 0 for `500m`).
   */
  readonly resource: { readonly master: ResourceRequirements; readonly tserver: ResourceRequirements };
  /** `master` is the replication factor in a single-release (non multi-AZ) install. */
  readonly replicas: { readonly master: number; readonly tserver: number; readonly totalMasters: number };
  readonly isMultiAz: false;
  readonly gflags: {
    readonly master: Readonly<Record<string, string | number | boolean>>;
    readonly tserver: Readonly<Record<string, string | number | boolean>>;
  };
  /** Off: no LoadBalancer Services; clients use the headless `yb-tservers` Service. */
  readonly enableLoadBalancer: false;
  readonly serviceEndpoints: readonly never[];
  /** Off: the yugabyted-ui sidecar has no resources setting in the chart. */
  readonly yugabytedUi: { readonly enabled: false };
  readonly ybc: { readonly enabled: false };
  /** The log-cleanup sidecar of every pod. */
  readonly ybCleanup: { readonly resources: ResourceRequirements };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly master: YugabyteServerValues;
  readonly tserver: YugabyteServerValues;
  readonly podSecurityContext: {
    readonly enabled: true;
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
    /** The chart renders the context whole (minus `enabled`); its containers get no context of their own. */
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  /** Off, or on with certificates from a cert-manager issuer (node-to-node and client-to-server). */
  readonly tls:
    | { readonly enabled: false }
    | {
        readonly enabled: true;
        readonly nodeToNode: true;
        readonly clientToServer: true;
        /** Refuse unencrypted peers and clients. */
        readonly insecure: false;
        readonly certManager: {
          readonly enabled: true;
          /** The platform's issuer, not a chart-made self-signed CA. */
          readonly bootstrapSelfsigned: false;
          readonly useClusterIssuer: boolean;
          readonly clusterIssuer: string;
          readonly issuer: string;
          /** Lifetime and renewal window of the servers' certificates (merged into the chart's defaults). */
          readonly certificates: { readonly duration: string; readonly renewBefore: string };
        };
      };
  readonly authCredentials: {
    readonly ysql: { readonly user: ""; readonly password: ""; readonly database: "" };
    readonly ycql: { readonly user: ""; readonly password: ""; readonly keyspace: "" };
  };
  /** Labels on every object the chart renders (cost allocation). */
  readonly commonLabels: Readonly<Record<string, string>>;
  readonly domainName: "cluster.local";
  /** Service/StatefulSet names without the release prefix: `yb-tservers`, `yb-masters`. */
  readonly oldNamingStyle: true;
}
