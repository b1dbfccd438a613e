import type { Chart } from "cdk8s";
import { KubeJob, Quantity, type EnvVar } from "cdk8s-plus-34/lib/imports/k8s";
import {
  caVolumeMounts,
  caVolumes,
  RESTRICTED_CONTAINER,
  secretEnv,
  ysqlTlsEnv,
  YUGABYTE_CA_MOUNT,
} from "./yugabyte-job-parts";
import { SCRIPT_ENV } from "./yugabyte-scripts";
import { adminRoleOf, CREDENTIAL_KEYS, YUGABYTE_UID, type YugabyteServer } from "./yugabyte-server";

/** One setup Job: a script run with `bash -c` in the database's image. */
export interface SetupJobProps {
  /** Job name (a DNS label). */
  readonly name: string;
  readonly server: YugabyteServer;
  readonly script: string;
  /** Secret with the consumer role's `password`, when the script sets one. */
  readonly roleSecretName?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Adds a setup Job to a chart. Runs as the image's non-root `yugabyte` user with a read-only root
 * file system (restricted Pod Security), passwords only as `secretKeyRef` environment variables.
 */
export function addSetupJob(chart: Chart, props: SetupJobProps): KubeJob {
  const { server } = props;
  const env: EnvVar[] = [
    { name: SCRIPT_ENV.host, value: server.host },
    { name: SCRIPT_ENV.ysqlPort, value: String(server.ysqlPort) },
    { name: SCRIPT_ENV.ycqlPort, value: String(server.ycqlPort) },
    { name: SCRIPT_ENV.adminUser, value: adminRoleOf(server) },
    secretEnv(SCRIPT_ENV.adminPassword, server.adminSecretName, CREDENTIAL_KEYS.password),
    ...(props.roleSecretName
      ? [secretEnv(SCRIPT_ENV.rolePassword, props.roleSecretName, CREDENTIAL_KEYS.password)]
      : []),
    // TLS: ysqlsh (libpq) verifies the server against the platform CA, ycqlsh speaks TLS with it.
    ...(server.tls
      ? [
          ...ysqlTlsEnv(server),
          { name: "SSL_CERTFILE", value: `${YUGABYTE_CA_MOUNT}/${server.tls.caKey}` },
          { name: SCRIPT_ENV.ycqlSsl, value: "--ssl" },
        ]
      : []),
  ];
  const labels = {
    ...props.labels,
    "app.kubernetes.io/name": props.name,
    "app.kubernetes.io/component": "warehouse-setup",
  };
  return new KubeJob(chart, props.name, {
    metadata: { name: props.name, namespace: server.namespace, labels },
    spec: {
      backoffLimit: 10,
      activeDeadlineSeconds: 3600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          nodeSelector: { ...server.nodeSelector },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: YUGABYTE_UID,
            runAsGroup: YUGABYTE_UID,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "setup",
              image: server.image,
              imagePullPolicy: "IfNotPresent",
              command: ["bash", "-c", props.script],
              env,
              resources: {
                requests: { cpu: Quantity.fromString("100m"), memory: Quantity.fromString("256Mi") },
                limits: { cpu: Quantity.fromString("500m"), memory: Quantity.fromString("512Mi") },
              },
              securityContext: RESTRICTED_CONTAINER,
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...caVolumeMounts(server)],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: Quantity.fromString("64Mi") } }, ...caVolumes(server)],
        },
      },
    },
  });
}
