import type { ResourceRequirements } from "./strimzi-resources";
import type { RestrictedContainerSecurity } from "../k8s/value-types";

/** The pinned upstream Strimzi operator chart; its images default to the chart's own version. */
export const STRIMZI_CHART = {
  repo: "https://strimzi.io/charts/",
  chart: "strimzi-kafka-operator",
  version: "1.2.0",
} as const;

/**
 * The values of the `strimzi-kafka-operator` chart (1.2.0) this project sets. Typed so a misspelt
 * key is a compile error instead of a silently ignored value.
 */
export interface StrimziChartValues {
  readonly replicas: number;
  /** Empty: the operator watches only its own namespace (the release namespace). */
  readonly watchNamespaces: readonly string[];
  readonly watchAnyNamespace: false;
  readonly resources: ResourceRequirements;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly never[];
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  /** Read-only: the operator writes only `/tmp`, an emptyDir of the chart's (`strimzi-tmp`, `tmpDirSizeLimit`). */
  readonly securityContext: RestrictedContainerSecurity<true>;
  /** `STRIMZI_POD_SECURITY_PROVIDER_CLASS=restricted`: every Kafka pod gets the restricted Pod Security profile. */
  readonly extraEnvs: readonly { readonly name: string; readonly value: string }[];
  /** The operator's ClusterRoles (it also reads node zones for rack awareness). */
  readonly createGlobalResources: true;
  /** NetworkPolicies that let the operator and clients reach the brokers under a default-deny namespace. */
  readonly generateNetworkPolicy: true;
  readonly labels: Readonly<Record<string, string>>;
}
