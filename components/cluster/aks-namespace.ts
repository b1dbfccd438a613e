import * as pulumi from "@pulumi/pulumi";
import type { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { assertNoProblems } from "../common/validation";
import { deployManifests } from "../k8s/cdk8s-manifests";
import { clusterNamespace, clusterNamespaceProblems, type ClusterNamespaceArgs } from "./cluster-namespace";

/** A namespace on AKS; see {@link ClusterNamespaceArgs}. */
export type AksNamespaceArgs = ClusterNamespaceArgs;

/**
 * A namespace on AKS after the platform's cluster layout (Pod Security labels, default-deny
 * NetworkPolicies enforced by Cilium). Workload identity needs nothing more: the token is a
 * projected service account token exchanged at Entra ID over HTTPS, which the HTTPS egress allows.
 */
export class AksNamespace extends pulumi.ComponentResource {
  /** The namespace name, plain (for manifests and generated code). */
  readonly name: string;
  /** The namespace ConfigGroup, to depend on before putting anything into it. */
  readonly namespaceGroup: ConfigGroup;

  constructor(name: string, args: AksNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("AksNamespace", clusterNamespaceProblems(args));
    super("batch-platform:cluster:AksNamespace", name, {}, opts);
    const { name: namespace, namespaceGroup, policies } = clusterNamespace(name, args, this);
    this.name = namespace;
    this.namespaceGroup = namespaceGroup;
    deployManifests(`${name}-policies`, policies, { parent: this, dependsOn: [this.namespaceGroup] });
    this.registerOutputs({});
  }
}
