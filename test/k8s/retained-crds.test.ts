import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { retainCustomResourceDefinitions } from "../../components/k8s/retained-crds";
import { transformArgs } from "../helpers/transform-args";

const args = (type: string, opts: pulumi.CustomResourceOptions = {}) =>
  transformArgs(type, { metadata: { name: "kafkas.kafka.strimzi.io" } }, opts);

describe("retainCustomResourceDefinitions", () => {
  it("keeps a chart's CRDs when the chart goes, with their other options and properties", async () => {
    const crd = args("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", { protect: true });
    const result = await retainCustomResourceDefinitions(crd);
    expect(result?.opts).toEqual({ protect: true, retainOnDelete: true });
    expect(result?.props).toEqual({ metadata: { name: "kafkas.kafka.strimzi.io" } });
  });

  it("leaves every other rendered object to be deleted with the chart", async () => {
    for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:kafka.strimzi.io/v1beta2:Kafka"]) {
      expect(await retainCustomResourceDefinitions(args(type))).toBeUndefined();
    }
  });
});
