import * as pulumi from "@pulumi/pulumi";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity";
import { FederatedIdentityCredential } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential";
import { assertNoProblems } from "../common/validation";
import type { KubernetesServiceAccountRef } from "./workload-identity";

export interface AzureWorkloadIdentityAccountArgs {
  /** Physical name of the user-assigned identity, e.g. `id-acmebp-prod-airflow`. */
  readonly identityName: string;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** The AKS cluster's OIDC issuer URL. */
  readonly oidcIssuerUrl: pulumi.Input<string>;
  /** Kubernetes service accounts that may act as this identity (one federated credential each). */
  readonly kubernetesServiceAccounts: readonly KubernetesServiceAccountRef[];
  readonly tags: Readonly<Record<string, string>>;
}

/** The audience AKS workload identity tokens carry. */
export const AZURE_WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";
/** The service account annotation naming the identity's client id, and the pod label that turns the webhook on. */
export const AZURE_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
export const AZURE_WORKLOAD_IDENTITY_LABEL = { "azure.workload.identity/use": "true" } as const;

const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The subject of a federated credential for a Kubernetes service account. */
export function serviceAccountSubject(ksa: KubernetesServiceAccountRef): string {
  return `system:serviceaccount:${ksa.namespace}:${ksa.name}`;
}

/** Pure validation of {@link AzureWorkloadIdentityAccountArgs}. */
export function azureWorkloadIdentityAccountProblems(args: AzureWorkloadIdentityAccountArgs): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9][-A-Za-z0-9_]{2,127}$/.test(args.identityName))
    problems.push(`identityName: got ${JSON.stringify(args.identityName)}; expected 3-128 letters, digits, - and _`);
  if (args.kubernetesServiceAccounts.length === 0)
    problems.push(
      "kubernetesServiceAccounts: got none; expected at least one namespace/name that acts as this identity",
    );
  if (args.kubernetesServiceAccounts.length > 20)
    problems.push(
      `kubernetesServiceAccounts: got ${args.kubernetesServiceAccounts.length}; ` +
        "Azure allows 20 federated credentials per identity",
    );
  args.kubernetesServiceAccounts.forEach((ksa, i) => {
    for (const key of ["namespace", "name"] as const) {
      if (!K8S_NAME.test(ksa[key]))
        problems.push(`kubernetesServiceAccounts[${i}].${key}: got ${JSON.stringify(ksa[key])}; expected a DNS label`);
    }
  });
  return problems;
}

/**
 * A user-assigned managed identity that Kubernetes service accounts act as through AKS workload
 * identity: one federated credential per service account, trusting the cluster's OIDC issuer for
 * exactly `system:serviceaccount:<namespace>:<name>`. The credentials are created one after the
 * other (Azure rejects concurrent writes of federated credentials on one identity). No secret exists.
 */
export class AzureWorkloadIdentityAccount extends pulumi.ComponentResource {
  readonly clientId: pulumi.Output<string>;
  readonly principalId: pulumi.Output<string>;
  readonly identityId: pulumi.Output<string>;
  /** The federated credentials' subjects, in creation order. */
  readonly subjects: readonly string[];

  constructor(name: string, args: AzureWorkloadIdentityAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("AzureWorkloadIdentityAccount", azureWorkloadIdentityAccountProblems(args));
    super("batch-platform:identity:AzureWorkloadIdentityAccount", name, {}, opts);
    const identity = new UserAssignedIdentity(
      `${name}-identity`,
      {
        resourceName: args.identityName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        tags: { ...args.tags },
      },
      { parent: this },
    );
    let previous: pulumi.Resource | undefined;
    for (const ksa of args.kubernetesServiceAccounts) {
      previous = new FederatedIdentityCredential(
        `${name}-fic-${ksa.namespace}-${ksa.name}`,
        {
          resourceName: identity.name,
          resourceGroupName: args.resourceGroupName,
          federatedIdentityCredentialResourceName: `${ksa.namespace}-${ksa.name}`,
          issuer: args.oidcIssuerUrl,
          subject: serviceAccountSubject(ksa),
          audiences: [AZURE_WORKLOAD_IDENTITY_AUDIENCE],
        },
        { parent: this, ...(previous ? { dependsOn: [previous] } : {}) },
      );
    }
    this.subjects = args.kubernetesServiceAccounts.map(serviceAccountSubject);
    this.clientId = identity.clientId;
    this.principalId = identity.principalId;
    this.identityId = identity.id;
    this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
  }
}
