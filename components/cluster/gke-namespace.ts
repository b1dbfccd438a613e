import * as pulumi from "@pulumi/pulumi";
import type { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { IntOrString, KubeNetworkPolicy } from "cdk8s-plus-34/lib/imports/k8s";
import { assertNoProblems } from "../common/validation";
import { deployManifests } from "../k8s/cdk8s-manifests";
import { clusterNamespace, clusterNamespaceProblems, type ClusterNamespaceArgs } from "./cluster-namespace";

/** A namespace on GKE; see {@link ClusterNamespaceArgs}. */
export type GkeNamespaceArgs = ClusterNamespaceArgs;

/**
 * The GKE metadata server, which hands workload identity tokens to pods: 169.254.169.252:988 on
 * Dataplane V2, reached as 169.254.169.254:80. Without this allowance a default-deny namespace
 * loses its Google identity.
 */
export const GKE_METADATA_SERVER_EGRESS: readonly { readonly cidr: string; readonly port: number }[] = [
  { cidr: "169.254.169.252/32", port: 988 },
  { cidr: "169.254.169.254/32", port: 80 },
];

/** Pure validation of {@link GkeNamespaceArgs}. */
export const gkeNamespaceProblems = clusterNamespaceProblems;

/**
 * A namespace on GKE after the platform's cluster layout: Pod Security labels, default-deny
 * NetworkPolicies with the layout's allowances (DNS, same namespace, the API server, HTTPS out;
 * `addNetworkPolicies`), plus egress to the GKE metadata server so workload identity keeps working.
 * For variants that use only some of the roles (the GCP variant: orchestration, and processing for
 * Spark on GKE); cross-namespace flows are not needed there.
 */
export class GkeNamespace extends pulumi.ComponentResource {
  /** The namespace name, plain (for manifests and generated code). */
  readonly name: string;
  /** The namespace ConfigGroup, to depend on before putting anything into it. */
  readonly namespaceGroup: ConfigGroup;

  constructor(name: string, args: GkeNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("GkeNamespace", gkeNamespaceProblems(args));
    super("batch-platform:cluster:GkeNamespace", name, {}, opts);
    const { name: namespace, namespaceGroup, policies, labels } = clusterNamespace(name, args, this);
    this.name = namespace;
    this.namespaceGroup = namespaceGroup;
    new KubeNetworkPolicy(policies, "metadata-server", {
      metadata: { name: "allow-gke-metadata-server", namespace, labels: { ...labels }, annotations: { "batch-platform.io/why": "workload identity tokens from the GKE metadata server" } },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: GKE_METADATA_SERVER_EGRESS.map((target) => ({ to: [{ ipBlock: { cidr: target.cidr } }], ports: [{ protocol: "TCP", port: IntOrString.fromNumber(target.port) }] })),
      },
    });
    deployManifests(`${name}-policies`, policies, { parent: this, dependsOn: [this.namespaceGroup] });
    this.registerOutputs({});
  }
}
