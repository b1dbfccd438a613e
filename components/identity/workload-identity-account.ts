import * as pulumi from "@pulumi/pulumi";
import { IAMMember as ProjectIAMMember } from "@pulumi/gcp/projects/iammember";
import { Account } from "@pulumi/gcp/serviceaccount/account";
import { IAMMember as ServiceAccountIAMMember } from "@pulumi/gcp/serviceaccount/iammember";
import { assertNoProblems } from "../common/validation";
import type { KubernetesServiceAccountRef } from "./workload-identity";

export interface WorkloadIdentityAccountArgs {
  readonly project: string;
  /** Service account id, 6-30 characters; the email is `<accountId>@<project>.iam.gserviceaccount.com`. */
  readonly accountId: string;
  /** @default the account id */
  readonly displayName?: string;
  /** The cluster's identity namespace, `<project>.svc.id.goog`. */
  readonly workloadPool: string;
  /** Kubernetes service accounts that may act as this Google service account. */
  readonly kubernetesServiceAccounts: readonly KubernetesServiceAccountRef[];
  /** Project-level roles, only for permissions that have no narrower scope (e.g. creating jobs). @default [] */
  readonly projectRoles?: readonly string[];
}

/** The Kubernetes service account annotation that names the Google service account to act as. */
export const WORKLOAD_IDENTITY_ANNOTATION = "iam.gke.io/gcp-service-account";

const ACCOUNT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The email of a user-managed service account. */
export function serviceAccountEmail(accountId: string, project: string): string {
  return `${accountId}@${project}.iam.gserviceaccount.com`;
}

/** The IAM member a Kubernetes service account is known as through workload identity. */
export function workloadIdentityMember(workloadPool: string, ksa: KubernetesServiceAccountRef): string {
  return `serviceAccount:${workloadPool}[${ksa.namespace}/${ksa.name}]`;
}

/** Pure validation of {@link WorkloadIdentityAccountArgs}. */
export function workloadIdentityAccountProblems(args: WorkloadIdentityAccountArgs): string[] {
  const problems: string[] = [];
  if (!ACCOUNT_ID.test(args.accountId)) problems.push(`accountId: got ${JSON.stringify(args.accountId)}; expected 6-30 lowercase letters, digits and -, starting with a letter`);
  if (!args.workloadPool.endsWith(".svc.id.goog")) problems.push(`workloadPool: got ${JSON.stringify(args.workloadPool)}; expected <project>.svc.id.goog`);
  if (args.kubernetesServiceAccounts.length === 0) problems.push("kubernetesServiceAccounts: got none; expected at least one namespace/name that acts as this account");
  args.kubernetesServiceAccounts.forEach((ksa, i) => {
    for (const key of ["namespace", "name"] as const) {
      if (!K8S_NAME.test(ksa[key])) problems.push(`kubernetesServiceAccounts[${i}].${key}: got ${JSON.stringify(ksa[key])}; expected a DNS label`);
    }
  });
  (args.projectRoles ?? []).forEach((role, i) => {
    if (!/^roles\/[A-Za-z0-9_.]+$/.test(role)) problems.push(`projectRoles[${i}]: got ${JSON.stringify(role)}; expected roles/<service>.<role>`);
  });
  return problems;
}

/**
 * A Google service account that Kubernetes service accounts act as through GKE workload identity
 * (`roles/iam.workloadIdentityUser` for `<pool>[namespace/name]` on this account only). No key is
 * ever created: pods get short-lived tokens from the GKE metadata server.
 */
export class WorkloadIdentityAccount extends pulumi.ComponentResource {
  readonly email: pulumi.Output<string>;
  /** The same email as a plain string, for annotations and generated files. */
  readonly emailAddress: string;
  /** `serviceAccount:<email>`. */
  readonly member: pulumi.Output<string>;
  /** The Kubernetes service account annotations that bind a KSA to this account. */
  readonly annotations: Readonly<Record<string, string>>;

  constructor(name: string, args: WorkloadIdentityAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("WorkloadIdentityAccount", workloadIdentityAccountProblems(args));
    super("batch-platform:identity:WorkloadIdentityAccount", name, {}, opts);

    const account = new Account(
      `${name}-account`,
      { accountId: args.accountId, project: args.project, displayName: args.displayName ?? args.accountId },
      { parent: this },
    );
    args.kubernetesServiceAccounts.forEach((ksa) => {
      new ServiceAccountIAMMember(
        `${name}-wi-${ksa.namespace}-${ksa.name}`,
        { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: workloadIdentityMember(args.workloadPool, ksa) },
        { parent: this },
      );
    });
    for (const role of args.projectRoles ?? []) {
      new ProjectIAMMember(`${name}-${role.split("/")[1]}`, { project: args.project, role, member: account.member }, { parent: this });
    }
    this.email = account.email;
    this.emailAddress = serviceAccountEmail(args.accountId, args.project);
    this.member = account.member;
    this.annotations = { [WORKLOAD_IDENTITY_ANNOTATION]: this.emailAddress };
    this.registerOutputs({ email: this.email });
  }
}
