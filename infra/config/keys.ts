/** The config namespace: every key in a stack file is `batch-platform:<key>`. */
export const CONFIG_NAMESPACE = "batch-platform";

export const VARIANTS = ["oss", "azure", "gcp"] as const;
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

export type Variant = (typeof VARIANTS)[number];
export type Environment = (typeof ENVIRONMENTS)[number];

/** Namespaces of the providers the program uses; a key in any other namespace is a typo or a leftover. */
export const PROVIDER_NAMESPACES = ["azure-native", "gcp", "kubernetes", "pulumi", "random"] as const;

/** A path inside the config: the top-level key, then object keys and array indexes. */
export type KeyPath = readonly PropertyKey[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The full key path as `pulumi config set --path` takes it, e.g. `batch-platform:cluster.zones[0]`
 * (keys that are not plain names are written `["a.b"]`).
 */
export function keyPath(path: KeyPath): string {
  const [head, ...rest] = path;
  const tail = rest
    .map((key) => {
      if (typeof key === "number" || /^[0-9]+$/.test(String(key))) return `[${String(key)}]`;
      return PLAIN_KEY.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`;
    })
    .join("");
  return `${CONFIG_NAMESPACE}:${String(head)}${tail}`;
}

/** The value at a path of a decoded config, or undefined. */
export function valueAt(root: unknown, path: KeyPath): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
