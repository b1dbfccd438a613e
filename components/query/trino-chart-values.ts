import type { ResourceRequirements, TopologySpreadConstraint } from "../k8s/value-types";
import type { MetastoreProxyContainer, MetastoreProxyVolume } from "../metastore/metastore-proxy";
import type { TruststoreInitContainer } from "../tls/jvm-truststore";

/**
 * The values of the upstream Trino chart (trinodb.github.io/charts, `trino` 1.42.2) this project
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
  /** JVM flags: the JDK's roots plus the platform CA as the JVM's truststore (S3, Kafka, YSQL). */
  readonly additionalJVMConfig: readonly string[];
  /**
   * Writable emptyDirs of a read-only root (node data dir, `/tmp`, the truststore) and the metastore
   * proxy's certificate.
   */
  readonly additionalVolumes: readonly (TrinoScratchVolume | MetastoreProxyVolume)[];
  readonly additionalVolumeMounts: readonly {
    readonly name: string;
    readonly mountPath: string;
    readonly readOnly?: true;
  }[];
}

/** An emptyDir the chart adds to a pod (`coordinator.additionalVolumes`, `worker.additionalVolumes`). */
export interface TrinoScratchVolume {
  readonly name: string;
  readonly emptyDir: { readonly sizeLimit: string };
}

/** A Secret mounted into the pods (`secretMounts`). */
export interface TrinoSecretMount {
  readonly name: string;
  readonly secretName: string;
  readonly path: string;
}

/** Trino's file-based system access control rules (`rules.json`). */
export interface TrinoAccessRules {
  readonly catalogs: readonly {
    readonly user?: string;
    readonly catalog?: string;
    readonly allow: "all" | "read-only" | "none";
  }[];
  readonly schemas: readonly { readonly user?: string; readonly owner: boolean }[];
  readonly tables: readonly { readonly user?: string; readonly privileges: readonly string[] }[];
}

/** A container environment variable read from a Secret key; the chart renders `env` with toYaml. */
export interface TrinoSecretEnv {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

export interface TrinoChartValues {
  /** Each pod builds its JVM truststore first (with TLS): the image's JDK roots plus the platform CA. */
  readonly initContainers?: {
    readonly coordinator: readonly TruststoreInitContainer[];
    readonly worker: readonly TruststoreInitContainer[];
  };
  readonly image: { readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
  readonly server: {
    readonly workers: number;
    /** `dataDir` is stated: the writable emptyDir is mounted there. */
    readonly node: { readonly environment: string; readonly dataDir: string };
    readonly config: {
      readonly query: { readonly maxMemory: string };
      /** HTTPS for clients with a PEM keystore (key and chain in one file). */
      readonly https?: { readonly enabled: true; readonly port: 8443; readonly keystore: { readonly path: string } };
      /** `PASSWORD`: the password file below; Trino accepts passwords over HTTPS only. */
      readonly authenticationType: "" | "PASSWORD";
    };
    readonly autoscaling: { readonly enabled: false };
    /** Lines appended to the coordinator's config.properties (after the chart's `discovery.uri`). */
    readonly coordinatorExtraConfig: string;
    /** Lines appended to the workers' config.properties: their HTTPS and `discovery.uri` for internal TLS. */
    readonly workerExtraConfig: string;
  };
  readonly coordinator: TrinoRoleValues & {
    readonly config: {
      readonly query: { readonly maxMemoryPerNode: string };
      readonly nodeScheduler: { readonly includeCoordinator: false };
    };
    /** The server certificate, on the coordinator only. */
    readonly secretMounts: readonly TrinoSecretMount[];
  };
  readonly worker: TrinoRoleValues & {
    readonly config: { readonly query: { readonly maxMemoryPerNode: string } };
    /** Only the workers have it: chart 1.42.2 reads no `coordinator.topologySpreadConstraints` (one pod anyway). */
    readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  };
  /**
   * Extra containers of each role's pod; chart 1.42.2 renders them verbatim into `containers:`
   * (regular containers beside Trino). The metastore proxy when Trino reaches it over mutual TLS.
   */
  readonly sidecarContainers?: {
    readonly coordinator: readonly MetastoreProxyContainer[];
    readonly worker: readonly MetastoreProxyContainer[];
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
  /** The chart renders it whole on the coordinator and worker containers. */
  readonly containerSecurityContext: {
    readonly runAsNonRoot: true;
    readonly allowPrivilegeEscalation: false;
    readonly capabilities: { readonly drop: readonly ["ALL"] };
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
    readonly readOnlyRootFilesystem: true;
  };
  readonly service: { readonly type: "ClusterIP"; readonly port: number };
  /** The password file (`password.db`, bcrypt hashes) from a Secret. */
  readonly auth: { readonly passwordAuthSecret?: string };
  /** File-based access control: only the admin writes or drops; everyone else reads. */
  readonly accessControl:
    | Record<string, never>
    | {
        readonly type: "configmap";
        readonly refreshPeriod: string;
        readonly configFile: "rules.json";
        readonly rules: { readonly "rules.json": string };
      };
  /** `internal-communication.shared-secret` (from a Secret, through the environment) and `.https.required`. */
  readonly additionalConfigProperties: readonly string[];
  /** The CA bundle and the Kafka client login on every pod. */
  readonly secretMounts: readonly TrinoSecretMount[];
}
