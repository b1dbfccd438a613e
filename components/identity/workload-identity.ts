import type * as pulumi from "@pulumi/pulumi";

/** A Kubernetes service account, by namespace and name. */
export interface KubernetesServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Who a workload is, as the parts that grant it access see it: the Kubernetes service accounts its
 * pods run as and, where a cloud identity is bound to them (workload identity), that identity.
 * A lake, engine or warehouse grants access to this, never to a key.
 */
export interface WorkloadIdentity {
  /** Unique prefix of the resources created on this identity's behalf (grants, logins), e.g. `airflow`. */
  readonly name: string;
  /** The service accounts the workload's pods run as (all in one namespace). */
  readonly serviceAccounts: readonly KubernetesServiceAccountRef[];
  /** The Google service account the pods act as (GKE workload identity). @default none */
  readonly google?: { readonly email: pulumi.Input<string> };
  /** The Entra ID identity the pods act as (AKS workload identity). @default none */
  readonly azure?: {
    readonly principalId: pulumi.Input<string>;
    readonly clientId: pulumi.Input<string>;
    /** The managed identity's name, which Entra ID-authenticated databases know it by. @default none */
    readonly identityName?: string;
  };
}

/** What binding service accounts to a cloud identity adds to the workload. */
export interface WorkloadIdentityBinding {
  readonly identity: WorkloadIdentity;
  /** Annotations the service accounts need (e.g. `iam.gke.io/gcp-service-account`). */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /**
   * Annotations whose values exist only once the cloud identity does (AKS: the Entra client id).
   * Only consumers that pass Pulumi inputs on (Helm values, Kubernetes resources) can apply them;
   * plain-manifest consumers refuse a binding that has any. @default {}
   */
  readonly deferredServiceAccountAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Labels the pods need (e.g. `azure.workload.identity/use`). */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** What to bind: the workload's name, its service accounts and the cloud roles it needs project-wide. */
export interface WorkloadIdentityRequest {
  readonly name: string;
  readonly displayName: string;
  readonly serviceAccounts: readonly KubernetesServiceAccountRef[];
  /** Project- or subscription-level roles for permissions that have no narrower scope. @default [] */
  readonly cloudRoles?: readonly string[];
}

/**
 * Binds Kubernetes service accounts to a cloud identity (GKE or AKS workload identity). Components
 * that run pods take one as an argument, so the same component runs on any cluster; without one,
 * the workload is known by its service accounts only.
 */
export interface WorkloadIdentityProvider {
  bind(request: WorkloadIdentityRequest, opts: pulumi.ComponentResourceOptions): WorkloadIdentityBinding;
}

/** The identity of a workload with no cloud identity bound: its service accounts only. */
export function kubernetesIdentity(name: string, serviceAccounts: readonly KubernetesServiceAccountRef[]): WorkloadIdentityBinding {
  return { identity: { name, serviceAccounts }, serviceAccountAnnotations: {}, podLabels: {} };
}

/** `namespace/name` of every service account, for error messages. */
export function describeIdentity(identity: WorkloadIdentity): string {
  return `${identity.name} (${identity.serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(", ") || "no service account"})`;
}

/** Throws when the binding has annotations a plain manifest cannot carry (values known only after deployment). */
export function assertPlainAnnotations(component: string, binding: WorkloadIdentityBinding): void {
  const deferred = Object.keys(binding.deferredServiceAccountAnnotations ?? {});
  if (deferred.length > 0) {
    throw new Error(`${component}: ${describeIdentity(binding.identity)} needs service account annotations known only after deployment (${deferred.join(", ")}); this component writes plain manifests and cannot carry them`);
  }
}
