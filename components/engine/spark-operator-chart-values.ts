import type { ResourceRequirements } from "../k8s/value-types";

/**
 * The values of the kubeflow `spark-operator` chart (2.5.x) this project sets; typed so a misspelt
 * key is a compile error instead of a silently ignored value.
 */

export interface RestrictedContainerSecurity {
  readonly runAsNonRoot: true;
  readonly allowPrivilegeEscalation: false;
  readonly privileged: false;
  readonly readOnlyRootFilesystem: true;
  readonly capabilities: { readonly drop: readonly ["ALL"] };
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
}

export interface OperatorPodSecurity {
  readonly runAsNonRoot: true;
  readonly fsGroup: number;
  readonly seccompProfile: { readonly type: "RuntimeDefault" };
}

/** Settings the controller and the webhook share. */
export interface OperatorWorkloadValues {
  readonly replicas: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly never[];
  readonly labels: Readonly<Record<string, string>>;
  readonly resources: ResourceRequirements;
  readonly podSecurityContext: OperatorPodSecurity;
  readonly securityContext: RestrictedContainerSecurity;
  readonly podDisruptionBudget: { readonly enable: boolean; readonly minAvailable: 1 };
  readonly leaderElection: { readonly enable: true };
}

export interface SparkOperatorChartValues {
  readonly image: { readonly registry: string; readonly repository: string; readonly tag: string; readonly pullPolicy: "IfNotPresent" };
  /** No CRD-upgrade hook Job (Pulumi installs the chart's CRDs); its image stays pinned anyway. */
  readonly hook: { readonly upgradeCrd: false; readonly image: { readonly registry: string; readonly repository: string; readonly tag: string } };
  readonly controller: OperatorWorkloadValues & {
    readonly workers: number;
    /** The environment spark-submit inherits (its JVM options). */
    readonly env: readonly { readonly name: string; readonly value: string }[];
    /** No Service per Spark UI (reach a driver's UI with port-forward). */
    readonly uiService: { readonly enable: false };
  };
  readonly webhook: OperatorWorkloadValues & {
    readonly enable: true;
    readonly port: number;
    readonly failurePolicy: "Fail";
    readonly timeoutSeconds: number;
  };
  readonly spark: {
    /** Only these namespaces are watched (and mutated by the webhook). */
    readonly jobNamespaces: readonly string[];
    /** The platform creates the driver ServiceAccount and Role itself (see SparkEngine). */
    readonly serviceAccount: { readonly create: false };
    readonly rbac: { readonly create: false };
  };
  readonly prometheus: { readonly metrics: { readonly enable: true }; readonly podMonitor: { readonly create: false } };
}
