import type * as pulumi from "@pulumi/pulumi";
import type { ResourceRequirements } from "../k8s/value-types";

/**
 * The values of the official Apache Airflow chart (airflow.apache.org, `airflow` 1.22.0) this
 * project sets; typed so a misspelt key is a compile error instead of a silently ignored value.
 */

/**
 * Restricted. Read-only only for the log groomers (`/clean-logs`: find/rm under the logs emptyDir);
 * the Airflow processes keep a writable root (docs/security.md, "Containers").
 */
export interface ContainerSecurity {
  readonly runAsNonRoot: true;
  readonly allowPrivilegeEscalation: false;
  readonly capabilities: { readonly drop: readonly ["ALL"] };
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
  readonly readOnlyRootFilesystem: boolean;
}

export interface PodSecurity {
  readonly runAsNonRoot: true;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
}

/** A sidecar or init container with its own security context (log groomer, wait-for-migrations). */
export interface AuxiliaryContainer {
  readonly securityContexts: { readonly container: ContainerSecurity };
}

export interface LogGroomer {
  readonly securityContexts: { readonly container: ContainerSecurity & { readonly readOnlyRootFilesystem: true } };
  readonly enabled: true;
  readonly resources: ResourceRequirements;
}

export interface SecretEnv {
  readonly envName: string;
  readonly secretName: string;
  readonly secretKey: string;
}

export interface PlainEnv {
  readonly name: string;
  readonly value: string;
}

export interface EnvFromSecret {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

export interface ProjectedVolume {
  readonly name: string;
  readonly projected: { readonly sources: readonly { readonly configMap: { readonly name: string } }[] };
}

export interface AirflowComponentValues {
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly securityContexts: { readonly pod: PodSecurity; readonly container: ContainerSecurity };
  readonly waitForMigrations: AuxiliaryContainer;
}

export interface AirflowChartValues {
  readonly executor: "KubernetesExecutor";
  readonly airflowVersion: string;
  readonly defaultAirflowRepository: string;
  readonly defaultAirflowTag: string;
  readonly images: {
    readonly airflow: { readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
    readonly useDefaultImageForMigration: false;
  };
  readonly uid: number;
  readonly gid: number;
  readonly securityContexts: { readonly pod: PodSecurity; readonly containers: ContainerSecurity };
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Namespaced Roles only: no ClusterRole, no multi-namespace mode. */
  readonly rbac: { readonly create: true; readonly createSCCRoleBinding: false };
  readonly multiNamespaceMode: false;
  /**
   * Off: the chart's pod-launcher Role (pods, `pods/exec`) would be bound to the worker service
   * account too, so every task pod could create and exec into pods. The scheduler, which launches
   * the KubernetesExecutor's task pods, gets a Role of the component's own instead.
   */
  readonly allowPodLaunching: false;
  /** `[api] secret_key` (key `api-secret-key`), `[api_auth] jwt_secret` (key `jwt-secret`), the Fernet key: Secrets this project owns, so an upgrade rotates none of them. */
  readonly apiSecretKeySecretName: string;
  readonly jwtSecretName: string;
  readonly fernetKeySecretName: string;
  readonly data: { readonly metadataSecretName: string };
  /** Environment variables from Secrets for every Airflow container (AIRFLOW_CONN_*). */
  readonly secret: readonly SecretEnv[];
  /** Volumes and mounts for every Airflow container, worker pods included: the DAG folder. */
  readonly volumes: readonly (
    | ProjectedVolume
    | {
        readonly name: string;
        readonly secret: {
          readonly secretName: string;
          readonly items: readonly { readonly key: string; readonly path: string }[];
        };
      }
  )[];
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: true }[];
  /** The platform CA for Python's TLS clients (httpx, requests, botocore's default) in every Airflow container. */
  readonly env: readonly PlainEnv[];
  readonly dags: { readonly persistence: { readonly enabled: false }; readonly gitSync: { readonly enabled: false } };
  readonly logs: { readonly persistence: { readonly enabled: false } };
  /** airflow.cfg sections; no secrets here (they come from Secrets as environment variables). */
  readonly config: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly scheduler: AirflowComponentValues & {
    readonly replicas: number;
    readonly logGroomerSidecar: LogGroomer;
    readonly serviceAccount: AirflowServiceAccount;
  };
  /** Airflow 3's API server: the UI, the REST API and the task execution API workers call. */
  readonly apiServer: AirflowComponentValues & {
    readonly replicas: number;
    readonly serviceAccount: AirflowServiceAccount;
    readonly service: { readonly type: "ClusterIP" };
    /** HTTPS once the API server serves TLS. */
    readonly livenessProbe: { readonly scheme: "HTTP" | "HTTPS" };
    readonly readinessProbe: { readonly scheme: "HTTP" | "HTTPS" };
    readonly startupProbe: { readonly scheme: "HTTP" | "HTTPS" };
    /** The server certificate. */
    readonly extraVolumes: readonly { readonly name: string; readonly secret: { readonly secretName: string } }[];
    readonly extraVolumeMounts: readonly {
      readonly name: string;
      readonly mountPath: string;
      readonly readOnly: true;
    }[];
  };
  /** The standalone DAG processor (Airflow 3 parses DAGs outside the scheduler). */
  readonly dagProcessor: AirflowComponentValues & {
    readonly enabled: true;
    readonly replicas: number;
    readonly logGroomerSidecar: LogGroomer;
  };
  readonly triggerer: AirflowComponentValues & {
    readonly replicas: number;
    readonly persistence: { readonly enabled: false };
    readonly logGroomerSidecar: LogGroomer;
    readonly serviceAccount: AirflowServiceAccount;
    readonly env: readonly PlainEnv[];
  };
  /** The KubernetesExecutor's task pods (the chart's pod template); `persistence` is Celery's only. */
  readonly workers: Omit<AirflowComponentValues, "waitForMigrations"> & {
    readonly serviceAccount: AirflowServiceAccount;
    /** After the global `env` in the pod template: overrides for the execution API's client. */
    readonly env: readonly PlainEnv[];
  };
  readonly migrateDatabaseJob: {
    readonly resources: ResourceRequirements;
    readonly useHelmHooks: false;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly securityContexts: { readonly pod: PodSecurity; readonly container: ContainerSecurity };
  };
  readonly createUserJob: {
    readonly resources: ResourceRequirements;
    readonly useHelmHooks: false;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly securityContexts: { readonly pod: PodSecurity; readonly container: ContainerSecurity };
    readonly args: readonly string[];
    readonly env: readonly EnvFromSecret[];
    /** The admin user; its password comes from a Secret through `env`, never from values. */
    readonly defaultUser: {
      readonly enabled: true;
      readonly role: "Admin";
      readonly username: string;
      readonly email: string;
      readonly firstName: string;
      readonly lastName: string;
      readonly password: "";
    };
  };
  readonly statsd: { readonly enabled: false };
  readonly redis: { readonly enabled: false };
  readonly pgbouncer: { readonly enabled: false };
  readonly flower: { readonly enabled: false };
  readonly cleanup: { readonly enabled: false };
  /** The platform's own NetworkPolicies (ClusterLayout) apply instead. */
  readonly networkPolicies: { readonly enabled: false };
  /** The chart's bundled PostgreSQL pulls Bitnami images that are gone: the metadata database is a real one. */
  readonly postgresql: { readonly enabled: false };
}

/** A ServiceAccount the chart creates, with annotations such as GKE Workload Identity's. */
export interface AirflowServiceAccount {
  readonly create: true;
  readonly name: string;
  /** Plain, or known only after deployment (the Entra client id of AKS workload identity). */
  readonly annotations: Readonly<Record<string, pulumi.Input<string>>>;
}
