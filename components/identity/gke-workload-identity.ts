import type * as pulumi from "@pulumi/pulumi";
import { WorkloadIdentityAccount } from "./workload-identity-account";
import type { WorkloadIdentityBinding, WorkloadIdentityProvider, WorkloadIdentityRequest } from "./workload-identity";

export interface GkeWorkloadIdentityArgs {
  readonly project: string;
  /** The cluster's identity namespace, `<project>.svc.id.goog` (GkeCluster's `workloadPool`). */
  readonly workloadPool: string;
  /** Prefix of the Google service account ids: `<prefix>-<workload>`, at most 30 characters in all. */
  readonly accountIdPrefix: string;
}

/**
 * GKE workload identity: each workload gets its own Google service account (`<prefix>-<name>`) that
 * only its Kubernetes service accounts may act as, with no key. The component resource is a child
 * of the workload that asked for it.
 */
export class GkeWorkloadIdentity implements WorkloadIdentityProvider {
  constructor(private readonly args: GkeWorkloadIdentityArgs) {}

  bind(request: WorkloadIdentityRequest, opts: pulumi.ComponentResourceOptions): WorkloadIdentityBinding {
    const account = new WorkloadIdentityAccount(
      `${request.name}-identity`,
      {
        project: this.args.project,
        accountId: `${this.args.accountIdPrefix}-${request.name}`,
        displayName: request.displayName,
        workloadPool: this.args.workloadPool,
        kubernetesServiceAccounts: request.serviceAccounts,
        projectRoles: request.cloudRoles ?? [],
      },
      opts,
    );
    return {
      identity: { name: request.name, serviceAccounts: request.serviceAccounts, google: { email: account.email } },
      serviceAccountAnnotations: account.annotations,
      podLabels: {},
    };
  }
}
