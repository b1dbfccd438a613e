import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { describe, expect, it } from "vitest";
import { exitCodeOf } from "../../infra/plan/plan-one";
import { planStack } from "../../infra/plan/run-stack";
import { validateKubernetesObjects } from "../../infra/plan/validate-kubernetes";
import { ROOT } from "../helpers/cli";

const deployment = (image: unknown) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "apps" },
  spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image }] } } },
});

describe("Kubernetes schema validation in the plan", () => {
  it("reports an invalid object inside a ConfigGroup's objs as blocking, and a valid one not at all", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bp-stacks-"));
    writeFileSync(join(dir, "Pulumi.oss-dev.yaml"), readFileSync(join(ROOT, "stacks/Pulumi.oss-dev.yaml")));
    const document = await planStack("oss-dev", {
      stacksDir: dir,
      program: async () => {
        new ConfigGroup("manifests", { objs: [deployment("nginx:1.27.3"), deployment(42)] });
        new Deployment("direct", deployment("nginx:1.27.3") as never);
        return {};
      },
    });
    expect(document.findings).toEqual([
      expect.objectContaining({
        source: "kubernetes-schema",
        enforcement: "mandatory",
        urn: expect.stringMatching(/ConfigGroup::manifests$/),
        message: "Deployment/apps/web in manifests: invalid: spec.template.spec.containers.0.image: must be string",
      }),
    ]);
    expect(exitCodeOf(document)).toBe(1);
  });

  it("does not blame a value the plan masked as secret", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: "[secret]" };
    const findings = await validateKubernetesObjects({ resources: [{ urn: "urn:x", type: "kubernetes:core/v1:Secret", name: "s", parent: null, custom: true, inputs: secret, options: { protect: false, retainOnDelete: false, dependsOn: [], provider: null } }] });
    expect(findings).toEqual([]);
  });

  it("uses a custom resource's own validator and reports kinds it has no schema for", async () => {
    const app = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec: { colour: "red" } };
    const other = { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g" } };
    const resources = [app, other].map((inputs, i) => ({ urn: `urn:${i}`, type: `kubernetes:example.com/v1:${inputs.kind}`, name: inputs.metadata.name, parent: null, custom: true, inputs, options: { protect: false, retainOnDelete: false, dependsOn: [], provider: null } }));
    const findings = await validateKubernetesObjects({ resources }, { "example.com/v1/Widget": () => ["spec.colour: unknown field"] });
    expect(findings.map((f) => [f.enforcement, f.message])).toEqual([
      ["mandatory", "Widget/w: spec.colour: unknown field"],
      ["advisory", "Gadget/g: not validated: no schema known for example.com/v1/Gadget"],
    ]);
  });
});
