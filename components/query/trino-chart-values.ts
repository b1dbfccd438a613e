import type { ResourceRequirements, TopologySpreadConstraint } from "../k8s/value-types";

/**
 * The values of the upstream Trino chart (trinodb.github.io/charts, `trino` 1.42.0) this project
 * sets. Typed so a misspelt key is a compile error instead of a silently ignored value.
 */

/** What the coordinator and the workers share in the chart's values. */
export interface TrinoRoleValues {
  readonly jvm: { readonly maxHeapSize: string };
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Empty: neither role tolerates the spot taint. */
  readonly tolerations: readonly never[];
  readonly labels: Readonly<Record<string, string>>;
}

/** A container environment variable read from a Secret key; the chart renders `env` with toYaml. */
export interface TrinoSecretEnv {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

export interface TrinoChartValues {
  readonly image: { readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
  readonly server: {
    readonly workers: number;
    readonly node: { readonly environment: string };
    readonly config: { readonly query: { readonly maxMemory: string } };
    readonly autoscaling: { readonly enabled: false };
  };
  readonly coordinator: TrinoRoleValues & {
    readonly config: { readonly query: { readonly maxMemoryPerNode: string }; readonly nodeScheduler: { readonly includeCoordinator: false } };
  };
  readonly worker: TrinoRoleValues & {
    readonly config: { readonly query: { readonly maxMemoryPerNode: string } };
    /** Only the workers have it: chart 1.42.0 reads no `coordinator.topologySpreadConstraints` (one pod anyway). */
    readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  };
  /** Catalog name → properties file content. */
  readonly catalogs: Readonly<Record<string, string>>;
  /** Credentials for `${ENV:…}` references in catalogs, from Secrets only. */
  readonly env: readonly TrinoSecretEnv[];
  readonly envFrom: readonly never[];
  readonly kafka: { readonly mountPath: string; readonly tableDescriptions: Readonly<Record<string, string>> };
  readonly securityContext: {
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly runAsNonRoot: true;
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  readonly containerSecurityContext: {
    readonly runAsNonRoot: true;
    readonly allowPrivilegeEscalation: false;
    readonly capabilities: { readonly drop: readonly ["ALL"] };
  };
  readonly service: { readonly type: "ClusterIP"; readonly port: 8080 };
}
