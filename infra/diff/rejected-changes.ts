/**
 * Fields the target refuses to change after creation (an operator's admission webhook says no), so
 * the deployment fails instead of replacing the resource. Unlike replace-on-change.ts, where the
 * provider deletes and recreates, these always block (`immutable-field`). Maintained by hand,
 * tested per row.
 */
export const REJECTED_CHANGES: { readonly [type: string]: readonly { readonly path: string; readonly by: string }[] } =
  {
    // CloudNativePG's webhook: "GID/UID is an immutable field in the spec".
    "kubernetes:postgresql.cnpg.io/v1:Cluster": [
      { path: "spec.postgresUID", by: "the CloudNativePG webhook" },
      { path: "spec.postgresGID", by: "the CloudNativePG webhook" },
    ],
  };
