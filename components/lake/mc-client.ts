import type { Container, EnvVar, ResourceRequirements, Volume, VolumeMount } from "cdk8s-plus-34/lib/imports/k8s";
import { RESTRICTED_CONTAINER } from "../k8s/restricted-container";
import { imageName, type ImageReference } from "./minio-images";
import { LAKE_ACCESS_KEY_KEY, LAKE_SECRET_KEY_KEY } from "./lake-credentials";

/**
 * How the platform's `mc` containers reach the lake: the alias `lake` from `MC_HOST_lake`, which
 * Kubernetes composes from the key variables (`$(VAR)`), so the keys stay in their Secret; a config
 * directory on an emptyDir (the root filesystem is read-only), whose `certs/CAs` mc trusts besides
 * the image's roots. mc writes its config there and exits if it cannot, so no volume is mounted
 * inside it (the runtime would create the parents as root): a CA is mounted beside it and copied in.
 */
export const MC_LAKE_ALIAS = "lake";
export const MC_HOST_ENV = `MC_HOST_${MC_LAKE_ALIAS}`;
export const MC_CONFIG_DIR = "/tmp/mc";
/** Where a lake CA Secret is mounted for `mc` (outside its config directory). */
export const MC_CA_MOUNT = "/etc/batch-platform/lake-ca";

/** Shell lines that make `mc` (config directory `configDir`) trust the CA file `caFile`. */
export function mcTrustLines(configDir: string, caFile: string): string[] {
  return [`mkdir -p ${configDir}/certs/CAs`, `cp ${caFile} ${configDir}/certs/CAs/`];
}

/**
 * An `MC_HOST_<alias>` value for `http(s)://host:port` that Kubernetes composes from two key
 * variables (the lake keys' by default); define them before it.
 */
export function mcLakeHost(endpoint: string, accessKeyVar = LAKE_ACCESS_KEY_KEY, secretKeyVar = LAKE_SECRET_KEY_KEY): string {
  return endpoint.replace("://", `://$(${accessKeyVar}):$(${secretKeyVar})@`);
}

/** The key variables (from `secretName`) and `MC_HOST_lake` built from them, in that order. */
export function mcLakeEnv(secretName: string, endpoint: string): EnvVar[] {
  const key = (name: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secretName, key: name } } });
  return [key(LAKE_ACCESS_KEY_KEY), key(LAKE_SECRET_KEY_KEY), { name: MC_HOST_ENV, value: mcLakeHost(endpoint) }];
}

/** `mc` with the config directory `configDir`. */
export function mcCommand(configDir: string): string {
  return `mc --config-dir ${configDir}`;
}

/** `mc` with the platform's config directory. */
export const MC = mcCommand(MC_CONFIG_DIR);

/** The CA file of the `lake-ca` volume (see {@link mcCaVolume}). */
const CA_FILE = "lake-ca.crt";

/** The pod volume with the lake's CA (one key of a Secret) for {@link mcLakeContainer}. */
export function mcCaVolume(ca: { readonly name: string; readonly key: string }): Volume {
  return { name: "lake-ca", secret: { secretName: ca.name, items: [{ key: ca.key, path: CA_FILE }] } };
}

/** What an `mc` container of a Job does, and with what. */
export interface McContainerProps {
  readonly name: string;
  readonly image: ImageReference;
  /** Shell lines after `set -eu` (and the CA's trust). */
  readonly script: readonly string[];
  /** Secret with the container's own lake keys. */
  readonly lakeCredentialsSecret: string;
  /** `http(s)://host:port` of the lake's S3 API. */
  readonly endpoint: string;
  /** The pod has {@link mcCaVolume}: mc trusts that CA. */
  readonly trustsLakeCa: boolean;
  readonly resources: ResourceRequirements;
  /** Besides `/tmp` (mc's config) and the CA. */
  readonly volumeMounts: readonly VolumeMount[];
}

/**
 * A restricted `mc` container with the lake as alias `lake` (its own keys), its config on the pod's
 * `tmp` emptyDir at `/tmp`, and, where the pod has the CA volume, that CA copied into mc's trust.
 */
export function mcLakeContainer(props: McContainerProps): Container {
  return {
    name: props.name,
    image: imageName(props.image),
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/sh", "-c"],
    args: [
      [
        "set -eu",
        ...(props.trustsLakeCa ? mcTrustLines(MC_CONFIG_DIR, `${MC_CA_MOUNT}/${CA_FILE}`) : []),
        ...props.script,
      ].join("\n"),
    ],
    env: mcLakeEnv(props.lakeCredentialsSecret, props.endpoint),
    resources: props.resources,
    securityContext: RESTRICTED_CONTAINER,
    volumeMounts: [
      ...props.volumeMounts,
      { name: "tmp", mountPath: "/tmp" },
      ...(props.trustsLakeCa ? [{ name: "lake-ca", mountPath: MC_CA_MOUNT, readOnly: true }] : []),
    ],
  };
}
