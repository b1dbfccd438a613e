import type { ResourceRequirements, TopologySpreadConstraint } from "../k8s/value-types";

/**
 * The values of the MinIO community chart (charts.min.io, `minio` 5.4.0) this project sets.
 * Typed so a misspelt key is a compile error instead of a silently ignored value.
 */
export interface MinioChartValues {
  readonly image: { readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
  readonly mcImage: { readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
  readonly mode: "standalone" | "distributed";
  readonly replicas: number;
  readonly drivesPerNode: number;
  /** Secret with `rootUser` / `rootPassword`; the chart then never renders credentials itself. */
  readonly existingSecret: string;
  /** Empty: the chart's sample `console` user would otherwise be created with a known password. */
  readonly users: readonly never[];
  readonly buckets: readonly MinioBucket[];
  /** `mc` commands run by the chart's post-install job against the alias `myminio`. */
  readonly customCommands: readonly { readonly command: string }[];
  readonly persistence: { readonly enabled: true; readonly size: string; readonly storageClass?: string; readonly accessMode: "ReadWriteOnce" };
  readonly resources: ResourceRequirements;
  readonly securityContext: { readonly enabled: true; readonly runAsUser: number; readonly runAsGroup: number; readonly fsGroup: number; readonly fsGroupChangePolicy: "OnRootMismatch" };
  readonly containerSecurityContext: {
    readonly runAsNonRoot: true;
    readonly allowPrivilegeEscalation: false;
    readonly readOnlyRootFilesystem: boolean;
    readonly capabilities: { readonly drop: readonly ["ALL"] };
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  /** A given Secret with MinIO's file names, or a cert-manager one (`tls.crt`, `tls.key`). */
  readonly tls: {
    readonly enabled: boolean;
    readonly certSecret: string;
    readonly publicCrt: "public.crt" | "tls.crt";
    readonly privateKey: "private.key" | "tls.key";
  };
  readonly service: { readonly type: "ClusterIP"; readonly port: "9000" };
  readonly consoleService: { readonly type: "ClusterIP"; readonly port: "9001" };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly never[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
  readonly makeBucketJob: { readonly resources: ResourceRequirements };
  readonly customCommandJob: { readonly resources: ResourceRequirements };
  readonly makePolicyJob: { readonly resources: ResourceRequirements };
  readonly makeUserJob: { readonly resources: ResourceRequirements };
  readonly makeServiceAccountJob: { readonly resources: ResourceRequirements };
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface MinioBucket {
  readonly name: string;
  readonly policy: "none";
  readonly purge: false;
  readonly versioning: boolean;
  readonly objectlocking: false;
}

