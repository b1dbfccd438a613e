import type { Chart } from "cdk8s";
import {
  KubeCronJob,
  KubeRole,
  KubeRoleBinding,
  KubeServiceAccount,
  Quantity,
} from "cdk8s-plus-34/lib/imports/k8s";
import { RESTRICTED_CONTAINER, restrictedJobPodSpec } from "../k8s/restricted-container";

/**
 * YugabyteDB reads its TLS certificates when a server starts (the chart's `certmanager-init` copies
 * them to the data volume; the servers keep them in memory), and the chart says renewals "will not
 * be automatically reloaded ... It is necessary to provide some external means of restarting the
 * pods". This CronJob is that means: a rolling restart of both StatefulSets on the 1st and 15th of
 * each month, at most 17 days apart, inside the 30 days cert-manager renews before expiry.
 */
export const YUGABYTE_CERTIFICATE_LIFETIME = { duration: "2160h", renewBefore: "720h" } as const;
export const YUGABYTE_RESTART_SCHEDULE = "40 3 1,15 * *";
/** The official kubectl image; shell-free, so the Job runs one kubectl command. */
export const KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.34.3";
/** The image's nonroot user. */
const KUBECTL_UID = 65532;

export interface YugabyteCertRestartProps {
  readonly name: string;
  readonly namespace: string;
  /** The StatefulSets to restart (the chart's masters and tservers). */
  readonly statefulSets: readonly string[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** A ServiceAccount that may only read and patch those StatefulSets, and the CronJob that restarts them. */
export function addYugabyteCertRestart(chart: Chart, props: YugabyteCertRestartProps): void {
  const labels = { ...props.labels, "app.kubernetes.io/component": "warehouse-cert-restart" };
  const metadata = { name: props.name, namespace: props.namespace, labels };
  new KubeServiceAccount(chart, "restart-account", { metadata, automountServiceAccountToken: false });
  // `kubectl rollout restart` reads each StatefulSet, then patches its pod template's annotation.
  new KubeRole(chart, "restart-role", {
    metadata,
    rules: [
      {
        apiGroups: ["apps"],
        resources: ["statefulsets"],
        resourceNames: [...props.statefulSets],
        verbs: ["get", "patch"],
      },
    ],
  });
  new KubeRoleBinding(chart, "restart-binding", {
    metadata,
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: props.name },
    subjects: [{ kind: "ServiceAccount", name: props.name, namespace: props.namespace }],
  });
  new KubeCronJob(chart, "restart", {
    metadata,
    spec: {
      schedule: YUGABYTE_RESTART_SCHEDULE,
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 2,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 600,
          template: {
            metadata: { labels },
            spec: {
              ...restrictedJobPodSpec(KUBECTL_UID, props.nodeSelector),
              serviceAccountName: props.name,
              // The one platform Job that mounts a token: its own account's, for the API server.
              automountServiceAccountToken: true,
              containers: [
                {
                  name: "restart",
                  image: KUBECTL_IMAGE,
                  imagePullPolicy: "IfNotPresent",
                  command: ["kubectl", "rollout", "restart", ...props.statefulSets.map((s) => `statefulset/${s}`)],
                  // kubectl caches discovery under $HOME; the root filesystem is read-only.
                  env: [{ name: "HOME", value: "/tmp" }],
                  resources: {
                    requests: { cpu: Quantity.fromString("10m"), memory: Quantity.fromString("32Mi") },
                    limits: { cpu: Quantity.fromString("100m"), memory: Quantity.fromString("128Mi") },
                  },
                  securityContext: RESTRICTED_CONTAINER,
                  volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
              ],
              volumes: [{ name: "tmp", emptyDir: { sizeLimit: Quantity.fromString("32Mi") } }],
            },
          },
        },
      },
    },
  });
}
