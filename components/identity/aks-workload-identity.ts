import type * as pulumi from "@pulumi/pulumi";
import {
  AZURE_CLIENT_ID_ANNOTATION,
  AZURE_WORKLOAD_IDENTITY_LABEL,
  AzureWorkloadIdentityAccount,
} from "./azure-workload-identity-account";
import type { WorkloadIdentityBinding, WorkloadIdentityProvider, WorkloadIdentityRequest } from "./workload-identity";

export interface AksWorkloadIdentityArgs {
  /** The cluster's OIDC issuer (AksCluster's `oidcIssuerUrl`). */
  readonly oidcIssuerUrl: pulumi.Input<string>;
  /** Resource group of the identities. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Prefix of the identity names: `id-<prefix>-<workload>`. */
  readonly identityNamePrefix: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * AKS workload identity: each workload gets its own user-assigned identity that only its
 * Kubernetes service accounts may act as (federated credentials on the cluster's OIDC issuer),
 * with no secret. Its service accounts carry the client-id annotation — known only once the
 * identity exists, so it comes as a deferred annotation — and its pods the
 * `azure.workload.identity/use` label, which makes the webhook project the token. Azure has no
 * project-wide roles to ask for here: `cloudRoles` must be empty (grants are per resource).
 */
export class AksWorkloadIdentity implements WorkloadIdentityProvider {
  constructor(private readonly args: AksWorkloadIdentityArgs) {}

  bind(request: WorkloadIdentityRequest, opts: pulumi.ComponentResourceOptions): WorkloadIdentityBinding {
    if ((request.cloudRoles ?? []).length > 0) {
      throw new Error(
        `AksWorkloadIdentity: ${request.name} asks for subscription roles ${request.cloudRoles!.join(", ")}; ` +
          "grant per resource instead",
      );
    }
    const identityName = `id-${this.args.identityNamePrefix}-${request.name}`;
    const account = new AzureWorkloadIdentityAccount(
      `${request.name}-identity`,
      {
        identityName,
        resourceGroupName: this.args.resourceGroupName,
        location: this.args.location,
        oidcIssuerUrl: this.args.oidcIssuerUrl,
        kubernetesServiceAccounts: request.serviceAccounts,
        tags: { ...this.args.tags, component: "identity" },
      },
      opts,
    );
    return {
      identity: {
        name: request.name,
        serviceAccounts: request.serviceAccounts,
        azure: { principalId: account.principalId, clientId: account.clientId, identityName },
      },
      serviceAccountAnnotations: {},
      deferredServiceAccountAnnotations: { [AZURE_CLIENT_ID_ANNOTATION]: account.clientId },
      podLabels: { ...AZURE_WORKLOAD_IDENTITY_LABEL },
    };
  }
}
