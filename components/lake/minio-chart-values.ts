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
  /**
   * One user per consumer, its password read from a Secret in the namespace (never in the values);
   * set even when empty, or the chart's sample `console` user is created with a known password.
   */
  readonly users: readonly MinioUser[];
  /**
   * One policy per consumer. The chart's post-install hook would create them; Chart v4 omits hooks,
   * so the platform's setup Job (`minio-setup-job.ts`) runs these values, and the other three.
   */
  readonly policies: readonly MinioPolicy[];
  readonly buckets: readonly MinioBucket[];
  /** `mc` commands against the alias `myminio` (the setup Job runs them last). */
  readonly customCommands: readonly { readonly command: string }[];
  readonly persistence: {
    readonly enabled: true;
    readonly size: string;
    readonly storageClass?: string;
    readonly accessMode: "ReadWriteOnce";
  };
  readonly resources: ResourceRequirements;
  readonly securityContext: {
    readonly enabled: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
    readonly fsGroupChangePolicy: "OnRootMismatch";
  };
  /** The server: read-only root; it writes only its drives, `/tmp` and (without TLS) the certs directory. */
  readonly containerSecurityContext: {
    readonly runAsNonRoot: true;
    readonly allowPrivilegeEscalation: false;
    readonly readOnlyRootFilesystem: true;
    readonly capabilities: { readonly drop: readonly ["ALL"] };
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  /** emptyDirs for what the server writes outside its drives (see {@link minioWritableDirs}). */
  readonly extraVolumes: readonly { readonly name: string; readonly emptyDir: { readonly sizeLimit: string } }[];
  readonly extraVolumeMounts: readonly { readonly name: string; readonly mountPath: string }[];
  /** A given Secret with MinIO's file names, or a cert-manager one (`tls.crt`, `tls.key`). */
  readonly tls: {
    readonly enabled: boolean;
    readonly certSecret: string;
    readonly publicCrt: "public.crt" | "tls.crt";
    readonly privateKey: "private.key" | "tls.key";
  };
  /**
   * A Secret whose certificates the servers trust (mounted as `certs/CAs`) instead of their own
   * `public.crt`: the platform CA bundle where the platform issues the certificate.
   */
  readonly trustedCertsSecret?: string;
  readonly service: { readonly type: "ClusterIP"; readonly port: "9000" };
  readonly consoleService: { readonly type: "ClusterIP"; readonly port: "9001" };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly never[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
  readonly makeBucketJob: MinioJobValues;
  readonly customCommandJob: MinioJobValues;
  readonly makePolicyJob: MinioJobValues;
  readonly makeUserJob: MinioJobValues;
  readonly makeServiceAccountJob: MinioJobValues;
  /** The one post-install/upgrade Job all of the above run in (the chart's `post-job.yaml`). */
  readonly postJob: {
    readonly securityContext: {
      readonly enabled: true;
      readonly runAsNonRoot: true;
      readonly runAsUser: number;
      readonly runAsGroup: number;
      readonly fsGroup: number;
      readonly seccompProfile: { readonly type: "RuntimeDefault" };
    };
    readonly nodeSelector: Readonly<Record<string, string>>;
  };
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface MinioBucket {
  readonly name: string;
  readonly policy: "none";
  readonly purge: false;
  readonly versioning: boolean;
  readonly objectlocking: false;
}

/** A user the chart's post-job creates (`mc admin user add`) and attaches its policy to. */
export interface MinioUser {
  readonly accessKey: string;
  /** Secret in the chart's namespace holding the user's secret key. */
  readonly existingSecret: string;
  readonly existingSecretKey: string;
  readonly policy: string;
}

/** A policy the chart renders as IAM JSON (`_helper_policy.tpl`). */
export interface MinioPolicy {
  readonly name: string;
  readonly statements: readonly MinioPolicyStatement[];
}

export interface MinioPolicyStatement {
  /** A Deny wins over every Allow (reserved prefixes). */
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Each `{ operator: '"key": value' }`, rendered as `"operator": { "key": value }`. */
  readonly conditions?: readonly Readonly<Record<string, string>>[];
}

/** A container of the chart's post-job: restricted (the chart renders `containerSecurityContext` only when enabled). */
export interface MinioJobValues {
  readonly resources: ResourceRequirements;
  readonly securityContext: { readonly enabled: true };
  readonly containerSecurityContext: {
    readonly runAsNonRoot: true;
    readonly allowPrivilegeEscalation: false;
    /** `mc` writes only to the job's emptyDirs (`/etc/minio/mc`, `/tmp`). */
    readonly readOnlyRootFilesystem: true;
    readonly capabilities: { readonly drop: readonly ["ALL"] };
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
}
