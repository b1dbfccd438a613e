/**
 * Defensive masking. Plans already mask Pulumi secrets, but a value can still be sensitive without
 * being marked secret (a Helm value `auth.rootPassword`, a Kubernetes Secret's `data`, a password in
 * a connection URI). A review is posted publicly on the PR, so anything that looks sensitive is
 * printed as the mask — a change is still reported, just not its value.
 */
import { SECRET_MASK, type PlanValue } from "../plan/document";
import { isPlanRecord } from "./value-diff";
import type { PathSegment } from "./value-path";

// Key names whose values are credentials (a kubeconfig may embed tokens and client keys).
// Matched case-insensitively against one key.
const SENSITIVE_WORDS = [
  "passw(or)?d",
  "passphrase",
  "secret",
  "token",
  "credential",
  "private.?key",
  "access.?key",
  "api.?key",
  "client.?key",
  "account.?key",
  "sas.?key",
  "connection.?string",
  "auth.?string",
  "kubeconfig",
  "\\bpwd\\b",
];
const SENSITIVE_KEY = new RegExp(`(${SENSITIVE_WORDS.join("|")})`, "i");
// …unless the key only names or references a credential (`secretName`, `existingSecret`, `secretKeyRef`)
// — those are needed to review wiring and hold no secret themselves.
const REFERENCE_KEY = /(name|names|ref|refs|existing.*|path|file|mount.*|enabled|create|kind|type|id|keys?id)$/i;
// Every value under these keys of a Kubernetes Secret is secret.
const SECRET_DATA_KEYS = new Set(["data", "stringData"]);
// `scheme://user:password@host` → password masked.
const URI_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;

function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key) && !REFERENCE_KEY.test(key);
}

/** True for a type token or kind that is a Kubernetes Secret. */
export function isKubernetesSecret(type: string): boolean {
  return type === "kubernetes:core/v1:Secret";
}

/** True when the value at `path` (within a resource of `type`) must not be printed. */
export function isSensitivePath(type: string, path: readonly PathSegment[]): boolean {
  if (isKubernetesSecret(type) && typeof path[0] === "string" && SECRET_DATA_KEYS.has(path[0])) return true;
  return path.some((segment) => typeof segment === "string" && isSensitiveKey(segment));
}

/** The value as it may be printed: sensitive paths (also nested ones) masked, URI passwords masked. */
export function maskValue(
  type: string,
  path: readonly PathSegment[],
  value: PlanValue | undefined,
): PlanValue | undefined {
  if (value === undefined || value === null) return value;
  if (isSensitivePath(type, path)) return SECRET_MASK;
  if (typeof value === "string") return value.replace(URI_PASSWORD, `$1${SECRET_MASK}$3`);
  if (Array.isArray(value)) return value.map((item, i) => maskValue(type, [...path, i], item) ?? null);
  if (isPlanRecord(value)) {
    const masked: { [key: string]: PlanValue } = {};
    for (const key of Object.keys(value).sort()) masked[key] = maskValue(type, [...path, key], value[key]) ?? null;
    return masked;
  }
  return value;
}
