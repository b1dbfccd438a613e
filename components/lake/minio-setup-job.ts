import { createHash } from "node:crypto";
import type { Chart } from "cdk8s";
import { KubeConfigMap, KubeJob, Quantity, type Volume, type VolumeMount } from "cdk8s-plus-34/lib/imports/k8s";
import { RESTRICTED_CONTAINER, restrictedJobPodSpec } from "../k8s/restricted-container";
import { MC, MC_CONFIG_DIR, mcLakeHost, mcTrustLines } from "./mc-client";
import type { MinioChartValues, MinioPolicy } from "./minio-chart-values";
import { imageName, type ImageReference } from "./minio-images";

/**
 * The lake's setup, run by a Job of the platform's own: what the chart's post-install/upgrade hook
 * (`post-job.yaml`) does with its `policies`, `buckets`, `users` and `customCommands` values. Pulumi's
 * Chart v4 leaves Helm hooks out (pulumi-kubernetes#3284), so without this Job no bucket, user,
 * policy or lifecycle rule would exist. It reads the same values, in an order that cannot fail on
 * a missing bucket or policy: policies, buckets, users, then the custom (lifecycle) commands.
 */

/** The alias of the chart's own scripts, which the `customCommands` values address. */
const ALIAS = "myminio";
const SETUP_DIR = "/etc/lake-setup";
const USERS_DIR = "/etc/lake-users";
const CA_DIR = "/etc/lake-setup-ca";
/** The chart's default user (`securityContext.runAsUser`), which the mc image runs as too. */
const UID = 1000;

/** What the setup Job needs besides the chart values. */
export interface MinioSetupJobProps {
  readonly namespace: string;
  /** `http(s)://minio.<namespace>.svc.cluster.local:9000`. */
  readonly endpoint: string;
  /** The Secret with `rootUser` / `rootPassword`: administering users and policies takes the root key. */
  readonly rootSecretName: string;
  /** The CA that signed the server certificate (a Secret key in the namespace). @default the image's roots */
  readonly ca?: { readonly secretName: string; readonly key: string };
  readonly mcImage: ImageReference;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** The IAM document the chart's `_helper_policy.tpl` writes for one policy value. */
export function minioPolicyDocument(policy: MinioPolicy): string {
  const statements = policy.statements.map((s) => ({
    Effect: s.effect,
    Action: s.actions,
    Resource: s.resources,
    ...(s.conditions
      ? { Condition: Object.assign({}, ...s.conditions.map((c) => conditionObject(c))) as Record<string, unknown> }
      : {}),
  }));
  return `${JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2)}\n`;
}

/** A condition value is the chart's text `"<key>": <value>` inside `{ }`: parsed back into JSON. */
function conditionObject(condition: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(condition).map(([operator, text]) => [operator, JSON.parse(`{${text}}`) as unknown]),
  );
}

const policyFile = (name: string) => `policy-${name}.json`;

/** The setup script: every step is idempotent, and a failed step fails the Job. */
export function minioSetupScript(values: MinioChartValues, trustsCa: boolean): string {
  const lines = [
    "set -eu",
    ...(trustsCa ? mcTrustLines(MC_CONFIG_DIR, `${CA_DIR}/ca.crt`) : []),
    "attempt=0",
    `until ${MC} admin info ${ALIAS} > /dev/null 2>&1; do`,
    '  attempt=$((attempt + 1)); [ "$attempt" -lt 60 ] || { echo "MinIO did not answer"; exit 1; }',
    "  sleep 5",
    "done",
    // A user's policy must exist before it is attached; a bucket before its lifecycle rules.
    ...values.policies.map((p) => `${MC} admin policy create ${ALIAS} ${p.name} ${SETUP_DIR}/${policyFile(p.name)}`),
    ...values.buckets.flatMap((b) => [
      `${MC} stat ${ALIAS}/${b.name} > /dev/null 2>&1 || ${MC} mb ${ALIAS}/${b.name}`,
      `${MC} version ${b.versioning ? "enable" : "suspend"} ${ALIAS}/${b.name}`,
      `${MC} anonymous set ${b.policy} ${ALIAS}/${b.name}`,
    ]),
    // The password is read from the user's Secret and given on stdin, never as an argument; an
    // existing user keeps its password (as the chart's job does). Attaching an attached policy fails.
    ...values.users.flatMap((u) => [
      `if ! ${MC} admin user info ${ALIAS} ${u.accessKey} > /dev/null 2>&1; then`,
      `  { echo ${u.accessKey}; cat ${USERS_DIR}/${u.accessKey}; echo; } | ${MC} admin user add ${ALIAS}`,
      "fi",
      `${MC} admin policy attach ${ALIAS} ${u.policy} --user=${u.accessKey} || true`,
    ]),
    ...values.customCommands.map((c) => `${MC} ${c.command}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The ConfigMap (script and policy documents) and the Job, both named after a digest of their
 * content: a changed policy, bucket, user or rule is a new Job, which Pulumi waits for.
 */
export function addMinioSetupJob(chart: Chart, values: MinioChartValues, props: MinioSetupJobProps): void {
  const data: Record<string, string> = { "setup.sh": minioSetupScript(values, props.ca !== undefined) };
  for (const policy of values.policies) data[policyFile(policy.name)] = minioPolicyDocument(policy);
  const digest = createHash("sha256")
    .update(JSON.stringify({ data, users: values.users, image: props.mcImage, endpoint: props.endpoint }))
    .digest("hex")
    .slice(0, 12);
  const name = `lake-setup-${digest}`;
  const labels = { ...props.labels, "app.kubernetes.io/component": "lake-setup" };
  new KubeConfigMap(chart, "script", { metadata: { name, namespace: props.namespace, labels }, data });
  const volumes: Volume[] = [
    { name: "setup", configMap: { name } },
    { name: "tmp", emptyDir: { sizeLimit: Quantity.fromString("64Mi") } },
    {
      name: "users",
      projected: {
        defaultMode: 0o440,
        sources: values.users.map((u) => ({
          secret: { name: u.existingSecret, items: [{ key: u.existingSecretKey, path: u.accessKey }] },
        })),
      },
    },
    ...(props.ca
      ? [{ name: "ca", secret: { secretName: props.ca.secretName, items: [{ key: props.ca.key, path: "ca.crt" }] } }]
      : []),
  ];
  const mounts: VolumeMount[] = [
    { name: "setup", mountPath: SETUP_DIR, readOnly: true },
    { name: "tmp", mountPath: "/tmp" },
    { name: "users", mountPath: USERS_DIR, readOnly: true },
    ...(props.ca ? [{ name: "ca", mountPath: CA_DIR, readOnly: true }] : []),
  ];
  const root = (variable: string, key: string) => ({
    name: variable,
    valueFrom: { secretKeyRef: { name: props.rootSecretName, key } },
  });
  new KubeJob(chart, "job", {
    metadata: { name, namespace: props.namespace, labels },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels },
        spec: {
          ...restrictedJobPodSpec(UID, props.nodeSelector),
          containers: [
            {
              name: "setup",
              image: imageName(props.mcImage),
              imagePullPolicy: "IfNotPresent",
              command: ["/bin/sh", `${SETUP_DIR}/setup.sh`],
              env: [
                root("ROOT_USER", "rootUser"),
                root("ROOT_PASSWORD", "rootPassword"),
                { name: `MC_HOST_${ALIAS}`, value: mcLakeHost(props.endpoint, "ROOT_USER", "ROOT_PASSWORD") },
              ],
              resources: {
                requests: { cpu: Quantity.fromString("50m"), memory: Quantity.fromString("128Mi") },
                limits: { cpu: Quantity.fromString("100m"), memory: Quantity.fromString("256Mi") },
              },
              securityContext: RESTRICTED_CONTAINER,
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  });
}
