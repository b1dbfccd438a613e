import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanValue } from "../../infra/plan/document";
import { ClusterLayout, clusterLayoutProblems, type ClusterLayoutArgs } from "../../components/k8s/cluster-layout";
import { portsExcept } from "../../components/k8s/network-policies";
import type { NetworkPolicyPort } from "cdk8s-plus-34/lib/imports/k8s";
import { DEFAULT_ENDPOINTS, platformDataFlows } from "../../components/k8s/data-flows";
import { NAMESPACE_ROLES, type NamespaceRole } from "../../components/k8s/namespace-roles";
import { budgetProblems, type NamespaceBudget } from "../../components/k8s/resource-budget";
import { bytes, millicores } from "../../components/k8s/quantities";
import { nodePoolSetupCommands } from "../../components/k8s/node-pool-setup";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";

const budget: NamespaceBudget = {
  requests: { cpu: "2", memory: "4Gi" },
  limits: { cpu: "4", memory: "8Gi" },
  pods: 20,
  persistentVolumeClaims: 4,
  storage: "50Gi",
  containerDefaults: { request: { cpu: "100m", memory: "128Mi" }, limit: { cpu: "500m", memory: "512Mi" } },
};

const args: ClusterLayoutArgs = {
  namespaces: Object.fromEntries(NAMESPACE_ROLES.map((role) => [role, { budget }])) as ClusterLayoutArgs["namespaces"],
  webhooks: [{ role: "processing", ports: [9443], podLabels: { "app.kubernetes.io/component": "webhook" } }],
  sealedPorts: { serving: [13000] },
  labels: { "cost-center": "data-platform", owner: "data-engineering" },
  protect: true,
};

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };

describe("platform data flows", () => {
  it("are exactly the five steps' cross-namespace traffic, ports merged", () => {
    expect(platformDataFlows().map((f) => `${f.from}>${f.to}:${f.ports.join(",")}`)).toEqual([
      "explore>lake:9000",
      "explore>processing:9083",
      "orchestration>lake:9000",
      "orchestration>serving:5433",
      "processing>lake:9000",
      "processing>serving:5433",
      "query>lake:9000",
      "query>processing:9083",
      "query>serving:5433,9092,9093",
      "serving>lake:9000",
    ]);
  });

  it("follow an endpoint that moves (the metastore in its own role's namespace drops the same-namespace flow)", () => {
    const flows = platformDataFlows({ ...DEFAULT_ENDPOINTS, metastore: { role: "query", ports: [9083] } });
    expect(flows.filter((f) => f.ports.includes(9083)).map((f) => `${f.from}>${f.to}`)).toEqual(["explore>query", "processing>query"]);
  });
});

describe("quantities and budgets", () => {
  it("parses the quantities the project writes", () => {
    expect(millicores("500m")).toBe(500);
    expect(millicores("2")).toBe(2000);
    expect(bytes("512Mi")).toBe(512 * 2 ** 20);
    expect(bytes("5Ti")).toBe(5 * 2 ** 40);
    expect(millicores("2 cores")).toBeUndefined();
  });

  it("rejects requests above limits, defaults above the namespace, bad quantities", () => {
    expect(budgetProblems(budget, "b")).toEqual([]);
    expect(budgetProblems({ ...budget, requests: { cpu: "8", memory: "4Gi" } }, "b")).toEqual(["b.requests.cpu: got 8; expected at most the limits (4)"]);
    expect(budgetProblems({ ...budget, storage: "lots" }, "b")).toEqual(['b.storage: got "lots"; expected a storage quantity like 100Gi']);
    expect(budgetProblems({ ...budget, containerDefaults: { request: { cpu: "1", memory: "1Gi" }, limit: { cpu: "500m", memory: "512Mi" } } }, "b")).toEqual([
      "b.containerDefaults.request.cpu: got 1; expected at most the default limit (500m)",
      "b.containerDefaults.request.memory: got 1Gi; expected at most the default limit (512Mi)",
    ]);
  });

  it("refuses two roles in one namespace and a malformed API server CIDR", () => {
    const bad = { ...args, namespaces: { ...args.namespaces, query: { name: "serving", budget } }, apiServerCidrs: ["10.0.0.1"] };
    expect(clusterLayoutProblems(bad)).toEqual([
      'namespaces.query.name: got "serving"; already the namespace of serving (one namespace per role)',
      'apiServerCidrs[0]: got "10.0.0.1"; expected a CIDR like 10.0.0.1/32',
    ]);
    expect(() => new ClusterLayout("bad", bad)).toThrow(/ClusterLayout: invalid arguments/);
  });
});

/** Policy ports as the manifest writes them (the chart resolves IntOrString to its value). */
const plain = (ports: NetworkPolicyPort[]) => ports.map((p) => ({ ...p, port: p.port?.value }));

describe("sealed ports", () => {
  it("are left out of the TCP port ranges; UDP stays open", () => {
    expect(plain(portsExcept([13000, 80, 80]))).toEqual([
      { protocol: "TCP", port: 1, endPort: 79 },
      { protocol: "TCP", port: 81, endPort: 12999 },
      { protocol: "TCP", port: 13001, endPort: 65535 },
      { protocol: "UDP" },
    ]);
    expect(plain(portsExcept([1, 3, 65535]))).toEqual([
      { protocol: "TCP", port: 2 },
      { protocol: "TCP", port: 4, endPort: 65534 },
      { protocol: "UDP" },
    ]);
  });

  it("refuses a port that is no TCP port and a data flow to a sealed port", () => {
    const lakePort = DEFAULT_ENDPOINTS.lakeS3.ports[0];
    const bad = { ...args, sealedPorts: { serving: [0], lake: [lakePort] } };
    const problems = clusterLayoutProblems(bad);
    expect(problems[0]).toBe("sealedPorts.serving[0]: got 0; expected a TCP port (1-65535)");
    expect(problems.slice(1).length).toBeGreaterThan(0);
    for (const problem of problems.slice(1))
      expect(problem).toMatch(new RegExp(`^sealedPorts\\.lake: port ${lakePort} is sealed, but \\w+ connects to it \\(`));
    expect(clusterLayoutProblems(args)).toEqual([]);
  });
});

describe("ClusterLayout", () => {
  let capture: RegistrationCapture;
  let layout: ClusterLayout;
  let namespaces: Obj[];
  let policies: Obj[];
  beforeAll(async () => {
    capture = await mockPulumi();
    layout = new ClusterLayout("cluster", args);
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    const objsOf = (name: string) => groups.find((g) => g.name === name)!.inputs.objs as unknown as Obj[];
    namespaces = objsOf("cluster-namespaces");
    policies = objsOf("cluster-policies");
  });

  const ofKind = (kind: string, namespace: string) => policies.filter((o) => o.kind === kind && o.metadata.namespace === namespace);
  const policy = (namespace: string, name: string) => ofKind("NetworkPolicy", namespace).find((o) => o.metadata.name === name);

  it("synthesizes the same charts (snapshot)", () => {
    expect({ namespaces, policies }).toMatchSnapshot();
  });

  it("creates a namespace per role with Pod Security labels: restricted for processing, baseline with a reason elsewhere", async () => {
    expect(namespaces.map((n) => n.metadata.name)).toEqual([...NAMESPACE_ROLES]);
    const level = (name: string) => namespaces.find((n) => n.metadata.name === name)!.metadata.labels!["pod-security.kubernetes.io/enforce"];
    expect(level("processing")).toBe("restricted");
    for (const role of ["lake", "orchestration", "serving", "query", "explore"]) {
      expect(level(role)).toBe("baseline");
      expect((namespaces.find((n) => n.metadata.name === role) as { metadata: { annotations?: Record<string, string> } }).metadata.annotations?.["batch-platform.io/pod-security-reason"]).toBeTruthy();
    }
    for (const ns of namespaces) expect(ns.metadata.labels).toMatchObject({ "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/audit": "restricted", "cost-center": "data-platform" });
    expect(await valueOf(layout.namespaces.serving)).toBe("serving");
  });

  it("protects the namespaces (deleting one deletes its volumes), not the policies", async () => {
    const groups = await registered(capture, "kubernetes:yaml/v2:ConfigGroup");
    expect(groups.find((g) => g.name === "cluster-namespaces")!.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(groups.find((g) => g.name === "cluster-policies")!.options).toMatchObject({ protect: false, dependsOn: [expect.stringContaining("cluster-namespaces")] });
  });

  it("denies all traffic by default in every namespace and allows DNS and same-namespace traffic", () => {
    for (const role of NAMESPACE_ROLES) {
      expect(policy(role, "default-deny")!.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      expect(JSON.stringify(policy(role, "allow-dns")!.spec)).toContain('"k8s-app":"kube-dns"');
      expect(policy(role, "allow-same-namespace")).toBeDefined();
    }
  });

  it("admits no pod, not even of its own namespace, to a sealed port", () => {
    const ingress = (role: NamespaceRole) => (policy(role, "allow-same-namespace")!.spec as { ingress: PlanValue[] }).ingress;
    expect(ingress("serving")).toEqual([{ from: [{ podSelector: {} }], ports: plain(portsExcept([13000])) }]);
    for (const role of NAMESPACE_ROLES.filter((r) => r !== "serving")) expect(ingress(role)).toEqual([{ from: [{ podSelector: {} }] }]);
    const servingIngress = JSON.stringify(ofKind("NetworkPolicy", "serving").map((p) => p.spec));
    expect(servingIngress).not.toContain('"port":13000');
  });

  it("allows exactly the data flow between namespaces, on its ports", () => {
    const names = (role: NamespaceRole) => ofKind("NetworkPolicy", role).map((p) => p.metadata.name).filter((n) => /^allow-(from|to)-/.test(n)).sort();
    const toLake = ["allow-from-explore", "allow-from-orchestration", "allow-from-processing", "allow-from-query", "allow-from-serving"];
    expect(names("lake")).toEqual(toLake);
    expect(names("serving")).toEqual(["allow-from-orchestration", "allow-from-processing", "allow-from-query", "allow-to-lake"]);
    expect(names("processing")).toEqual(["allow-from-explore", "allow-from-query", "allow-to-lake", "allow-to-serving"]);
    expect(names("orchestration")).toEqual(["allow-to-lake", "allow-to-serving"]);
    expect(names("query")).toEqual(["allow-to-lake", "allow-to-processing", "allow-to-serving"]);
    expect(policy("lake", "allow-from-processing")!.spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "processing" } } }], ports: [{ protocol: "TCP", port: 9000 }] }],
    });
  });

  it("lets only operators, Airflow, Spark and notebooks reach the API server; the API server reach the webhook", () => {
    const clients = NAMESPACE_ROLES.filter((role) => policy(role, "allow-api-server"));
    expect(clients).toEqual(["orchestration", "processing", "explore"]);
    expect(policy("processing", "allow-webhook-0")!.spec).toMatchObject({ podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } }, ingress: [{ ports: [{ port: 9443 }] }] });
    expect(NAMESPACE_ROLES.filter((role) => policy(role, "allow-https-out"))).toEqual(["processing", "explore"]);
    expect(JSON.stringify(policy("processing", "allow-https-out")!.spec)).toContain('"except":["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16"]');
  });

  it("gives every namespace a ResourceQuota and a LimitRange with container defaults", () => {
    for (const role of NAMESPACE_ROLES) {
      expect(ofKind("ResourceQuota", role)[0].spec).toEqual({
        hard: { "requests.cpu": "2", "requests.memory": "4Gi", "limits.cpu": "4", "limits.memory": "8Gi", pods: 20, persistentvolumeclaims: 4, "requests.storage": "50Gi" },
      });
      expect((ofKind("LimitRange", role)[0].spec as { limits: PlanValue[] }).limits).toEqual([
        { type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { cpu: "500m", memory: "512Mi" } },
      ]);
    }
  });
});

describe("node pool setup", () => {
  it("labels every pool and taints the batch pool when it is spot", () => {
    expect(nodePoolSetupCommands(true).batch).toEqual([
      "kubectl label nodes <batch-nodes> batch-platform.io/pool=batch --overwrite",
      "kubectl taint nodes <batch-nodes> batch-platform.io/spot=true:NoSchedule --overwrite",
    ]);
    expect(nodePoolSetupCommands(false).batch).toHaveLength(1);
  });
});
