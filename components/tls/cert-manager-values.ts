import {
  restrictedContainerSecurity,
  type RestrictedContainerSecurity,
  type ResourceRequirements,
} from "../k8s/value-types";

/** Pinned upstream chart (charts.jetstack.io); its version carries the leading "v". */
export const CERT_MANAGER_CHART = {
  repo: "https://charts.jetstack.io",
  chart: "cert-manager",
  version: "v1.21.1",
} as const;
/** The webhook's `webhook.securePort` (the chart's default): the API server must reach it. */
export const CERT_MANAGER_WEBHOOK_PORT = 10250;
/** Labels of the webhook pods (the chart's selector labels). */
export const CERT_MANAGER_WEBHOOK_LABELS = {
  "app.kubernetes.io/name": "webhook",
  "app.kubernetes.io/instance": "cert-manager",
} as const;

interface PodValues {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly resources: ResourceRequirements;
  /** The pod's context (`securityContext`; the chart's default, stated so the plan shows it). */
  readonly securityContext: {
    readonly runAsNonRoot: true;
    readonly seccompProfile: { readonly type: "RuntimeDefault" };
  };
  /** Restricted and read-only: the Go binaries write nothing (the chart's default, plus the pod's fields). */
  readonly containerSecurityContext: RestrictedContainerSecurity<true>;
}

/**
 * The values this project sets. The chart's pods are restricted by default (non-root, seccomp
 * RuntimeDefault, all capabilities dropped, read-only root filesystem); the values state it, so the
 * plan and the security pack see it and a changed chart default cannot loosen it.
 */
export interface CertManagerValues extends PodValues {
  /** The CRDs come with the release and stay when it is uninstalled (deleting them deletes every Certificate). */
  readonly crds: { readonly enabled: true; readonly keep: true };
  readonly replicaCount: number;
  /** Leader election in the release's own namespace, not kube-system. */
  readonly global: { readonly leaderElection: { readonly namespace: string } };
  readonly webhook: PodValues & { readonly replicaCount: number };
  readonly cainjector: PodValues & { readonly replicaCount: number };
  readonly startupapicheck: PodValues;
  /** No Prometheus Service or ServiceMonitor: nothing scrapes it on the platform yet. */
  readonly prometheus: { readonly enabled: false };
}

const small: ResourceRequirements = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { cpu: "250m", memory: "256Mi" },
};

export function certManagerValues(args: {
  readonly namespace: string;
  readonly replicas: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}): CertManagerValues {
  // The chart sets app.kubernetes.io/component itself; podLabels only add the platform's labels.
  const pod = (): PodValues => ({
    nodeSelector: { ...args.nodeSelector },
    podLabels: { ...args.labels },
    resources: small,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containerSecurityContext: restrictedContainerSecurity(true),
  });
  return {
    crds: { enabled: true, keep: true },
    replicaCount: args.replicas,
    global: { leaderElection: { namespace: args.namespace } },
    ...pod(),
    webhook: { ...pod(), replicaCount: args.replicas },
    cainjector: { ...pod(), replicaCount: args.replicas },
    startupapicheck: pod(),
    prometheus: { enabled: false },
  };
}
