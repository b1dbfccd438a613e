import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";

/** The Secret keys every lake consumer reads its S3 credentials from (the AWS SDK's own variables). */
export const LAKE_ACCESS_KEY_KEY = "AWS_ACCESS_KEY_ID";
export const LAKE_SECRET_KEY_KEY = "AWS_SECRET_ACCESS_KEY";

/**
 * How a workload gets the lake's S3 credentials: a Secret that already exists in its namespace
 * (keys `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`), or the keys themselves (Pulumi secrets),
 * from which the component creates its own Secret in its namespace.
 */
export type LakeCredentials =
  | { readonly secretName: string }
  | { readonly accessKey: pulumi.Input<string>; readonly secretKey: pulumi.Input<string> };

/** The Secret a workload reads, and the resource to depend on when the component created it. */
export interface LakeCredentialsSecret {
  readonly secretName: string;
  readonly dependsOn: pulumi.Resource[];
}

/**
 * Resolves {@link LakeCredentials} to a Secret name in `namespace`, creating `${name}` when keys were
 * given. The values stay Pulumi secrets; only the Secret's name reaches manifests and chart values.
 */
export function lakeCredentialsSecret(
  name: string,
  namespace: pulumi.Input<string>,
  credentials: LakeCredentials,
  labels: Readonly<Record<string, string>>,
  parent: pulumi.Resource,
): LakeCredentialsSecret {
  if ("secretName" in credentials) return { secretName: credentials.secretName, dependsOn: [] };
  const secret = new Secret(
    name,
    {
      metadata: { name, namespace, labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" } },
      type: "Opaque",
      stringData: {
        [LAKE_ACCESS_KEY_KEY]: pulumi.secret(credentials.accessKey),
        [LAKE_SECRET_KEY_KEY]: pulumi.secret(credentials.secretKey),
      },
    },
    { parent },
  );
  return { secretName: name, dependsOn: [secret] };
}
