import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import { GKE_METADATA_SERVER_EGRESS, GkeNamespace, gkeNamespaceProblems } from "../../components/cluster/gke-namespace";
import { mockPulumi, registered } from "../helpers/pulumi";

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };

describe("GkeNamespace", () => {
  let capture: RegistrationCapture;
  beforeAll(async () => {
    capture = await mockPulumi();
    new GkeNamespace("spark-jobs", {
      role: "processing",
      name: "spark-jobs",
      apiServerCidrs: ["172.16.0.0/28"],
      webhooks: [{ ports: [9443], podLabels: { "app.kubernetes.io/component": "webhook" } }],
      labels: { "cost-center": "data", owner: "team" },
      protect: true,
    });
  });
  const objects = async () => (await registered(capture, "kubernetes:yaml/v2:ConfigGroup")).flatMap((g) => g.inputs.objs as unknown as Obj[]);

  it("creates the namespace with the role's Pod Security level, protected apart from its policies", async () => {
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const namespaceGroup = groups.find((g) => (g.inputs.objs as unknown as Obj[]).some((o) => o.kind === "Namespace"))!;
    expect(namespaceGroup.options).toMatchObject({ protect: true, retainOnDelete: true });
    const namespace = (await objects()).find((o) => o.kind === "Namespace")!;
    expect(namespace.metadata.labels).toMatchObject({ "batch-platform.io/role": "processing", "pod-security.kubernetes.io/enforce": "restricted", "cost-center": "data" });
  });

  it("denies by default and allows DNS, the API server, HTTPS out, the webhook and the GKE metadata server", async () => {
    const policies = (await objects()).filter((o) => o.kind === "NetworkPolicy");
    expect(policies.map((p) => p.metadata.name).sort()).toEqual([
      "allow-api-server", "allow-dns", "allow-gke-metadata-server", "allow-https-out", "allow-same-namespace", "allow-webhook-0", "default-deny",
    ]);
    for (const policy of policies) expect(policy.metadata.namespace).toBe("spark-jobs");
    const metadata = policies.find((p) => p.metadata.name === "allow-gke-metadata-server")!;
    expect(JSON.stringify(metadata.spec)).toContain(GKE_METADATA_SERVER_EGRESS[0].cidr);
    const api = policies.find((p) => p.metadata.name === "allow-api-server")!;
    expect(JSON.stringify(api.spec)).toContain("172.16.0.0/28");
  });

  it("validates its arguments", () => {
    expect(gkeNamespaceProblems({ role: "orchestration", name: "Airflow", apiServerCidrs: ["172.16.0.0"] })).toEqual([
      `name: got "Airflow"; expected a DNS label`,
      `apiServerCidrs[0]: got "172.16.0.0"; expected an IPv4 CIDR such as 172.16.0.0/28`,
    ]);
  });
});
