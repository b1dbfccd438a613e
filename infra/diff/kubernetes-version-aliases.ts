/**
 * The Kubernetes kinds whose API versions the Pulumi provider aliases to each other (pulumi-kubernetes,
 * `aliasesForGVK` in its code generator): moving such an object to another listed version keeps its
 * URN, so it is an update. Every other version change — a custom resource's above all — gives the
 * object a new type token and so a new URN: Pulumi creates the new one and deletes the old, which
 * in the cluster is the same object.
 */
const ALIASED_VERSIONS: readonly (readonly string[])[] = [
  ["apps/v1", "apps/v1beta2", "extensions/v1beta1"].map((v) => `kubernetes:${v}:DaemonSet`),
  ["apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"].map((v) => `kubernetes:${v}:Deployment`),
  ["networking/v1beta1", "extensions/v1beta1"].map((v) => `kubernetes:${v}:Ingress`),
  ["apps/v1", "apps/v1beta2", "extensions/v1beta1"].map((v) => `kubernetes:${v}:ReplicaSet`),
  ["apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"].map((v) => `kubernetes:${v}:StatefulSet`),
];

/** Whether Pulumi takes `before` and `after` for one resource despite the type change. */
export function isAliasedKubernetesVersionChange(before: string, after: string): boolean {
  return ALIASED_VERSIONS.some((types) => types.includes(before) && types.includes(after));
}
