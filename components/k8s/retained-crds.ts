import type * as pulumi from "@pulumi/pulumi";

const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/**
 * A Pulumi transform for operator charts whose CRDs come from the chart's `crds/` directory without
 * `helm.sh/resource-policy: keep` (Strimzi 1.2.0, Spark Operator 2.5.2). Helm never deletes those
 * CRDs; Chart v4 registers them as ordinary resources and would, whenever the chart is removed or
 * replaced, and deleting a CRD deletes every object of its kind in the cluster (Kafka clusters,
 * topics and users; SparkApplications). Retained like Helm keeps them: Chart v4 turns the keep
 * annotation into the same option (pulumi-kubernetes `helm/v4/chart.go`, `preregister`).
 */
export const retainCustomResourceDefinitions: pulumi.ResourceTransform = (args) =>
  args.type === CRD_TYPE ? { props: args.props, opts: { ...args.opts, retainOnDelete: true } } : undefined;
