import type { EnvVar } from "cdk8s-plus-34/lib/imports/k8s";
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

/** `MC_HOST_lake` for `http(s)://host:port`; define the two key variables before it. */
export function mcLakeHost(endpoint: string): string {
  return endpoint.replace("://", `://$(${LAKE_ACCESS_KEY_KEY}):$(${LAKE_SECRET_KEY_KEY})@`);
}

/** The key variables (from `secretName`) and `MC_HOST_lake` built from them, in that order. */
export function mcLakeEnv(secretName: string, endpoint: string): EnvVar[] {
  const key = (name: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secretName, key: name } } });
  return [key(LAKE_ACCESS_KEY_KEY), key(LAKE_SECRET_KEY_KEY), { name: MC_HOST_ENV, value: mcLakeHost(endpoint) }];
}

/** `mc` with the platform's config directory. */
export const MC = `mc --config-dir ${MC_CONFIG_DIR}`;
