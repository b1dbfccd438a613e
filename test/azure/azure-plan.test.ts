import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceOnChangePaths } from "../../infra/diff/replace-on-change";
import { canonicalJson } from "../../infra/plan/canonical-json";
import type { PlanDocument, PlanResource } from "../../infra/plan/document";
import { exitCodeOf } from "../../infra/plan/plan-one";
import { compilePython, python, REPO, tempFile } from "../pipeline/python";
import { sharedPlan } from "../helpers/plans";

const AZURE_STACKS = ["azure-dev", "azure-staging", "azure-prod"] as const;
type Props = Record<string, unknown>;
const rec = (value: unknown) => (value ?? {}) as Props;
const of = (doc: PlanDocument, type: string): PlanResource[] => doc.resources.filter((r) => r.type === type);

/** Kubernetes objects the plan deploys through ConfigGroups (their `objs`). */
function objects(doc: PlanDocument): Props[] {
  return of(doc, "kubernetes:yaml/v2:ConfigGroup").flatMap((group) => (group.inputs.objs as Props[] | undefined) ?? []);
}

/** The DAG files of the plan: ConfigMaps labelled with a pipeline, their `.py` keys. */
function dagFiles(doc: PlanDocument): Record<string, string> {
  const files: Record<string, string> = {};
  for (const object of objects(doc)) {
    if (object.kind !== "ConfigMap" || !rec(rec(object.metadata).labels)["batch-platform.io/pipeline"]) continue;
    for (const [key, text] of Object.entries(rec(object.data))) if (key.endsWith(".py")) files[key] = String(text);
  }
  return files;
}

// Storage account keys and connection strings, SAS tokens, Databricks PATs, client secrets, SQL passwords.
const CREDENTIAL_PATTERNS = [
  /AccountKey=/i,
  /SharedAccessSignature|[?&]sig=/i,
  /\bdapi[0-9a-f]{32}\b/,
  /client_?secret/i,
  /sqlAdministratorLoginPassword/,
  /"(token|password)"\s*:\s*"(?!\[secret\])[^"]+"/i,
];

describe("the azure stacks, planned offline", () => {
  const plans = new Map<string, PlanDocument>(AZURE_STACKS.map((stack) => [stack, sharedPlan(stack)]));
  const prod = plans.get("azure-prod")!;

  it("plan with exit 0 and no blocking finding; prod has no finding at all", () => {
    for (const [stack, doc] of plans) expect(exitCodeOf(doc), `${stack}: ${JSON.stringify(doc.findings)}`).toBe(0);
    expect(prod.findings).toEqual([]);
  });

  it("prod shows AKS with three pools, the lake with private endpoints, Databricks, Synapse, Airflow with workload identity and both DAGs", () => {
    const [cluster] = of(prod, "azure-native:containerservice:ManagedCluster");
    expect((cluster.inputs.agentPoolProfiles as Props[]).map((p) => p.name)).toEqual(["system"]);
    expect(
      of(prod, "azure-native:containerservice:AgentPool")
        .map((p) => p.inputs.agentPoolName)
        .sort(),
    ).toEqual(["batch", "stateful"]);
    const lakeEndpoints = of(prod, "azure-native:network:PrivateEndpoint").filter((e) =>
      String(e.parent).endsWith("AdlsLake::lake"),
    );
    expect(
      lakeEndpoints
        .map((e) => (e.inputs.privateLinkServiceConnections as Props[])[0].groupIds)
        .flat()
        .sort(),
    ).toEqual(["blob", "dfs"]);
    for (const type of [
      "azure-native:databricks:Workspace",
      "azure-native:databricks:AccessConnector",
      "databricks:index/clusterPolicy:ClusterPolicy",
      "azure-native:synapse:Workspace",
      "azure-native:synapse:SqlPool",
    ]) {
      expect(of(prod, type), type).toHaveLength(1);
    }
    expect(
      of(prod, "databricks:index/job:Job")
        .map((j) => j.inputs.name)
        .sort(),
    ).toEqual(["dbw-acmebp-prod-card-transactions", "dbw-acmebp-prod-orders"]);
    expect(of(prod, "azure-native:managedidentity:FederatedIdentityCredential")).toHaveLength(3);
    expect(Object.keys(dagFiles(prod)).sort()).toEqual(["card_transactions.py", "orders.py"]);
    expect(prod.outputs.dags).toEqual(["card_transactions.py", "orders.py"]);
    // The one-time SQL names Airflow's identity as its owner (AksWorkloadIdentity) named it.
    expect(prod.outputs.synapseSetupSql).toBe(
      [
        "CREATE USER [id-acmebp-prod-airflow] FROM EXTERNAL PROVIDER;",
        "GRANT ADMINISTER DATABASE BULK OPERATIONS, CREATE TABLE TO [id-acmebp-prod-airflow];",
        "CREATE SCHEMA [serving] AUTHORIZATION [id-acmebp-prod-airflow];",
      ].join("\n"),
    );
    expect(of(prod, "azure-native:managedidentity:UserAssignedIdentity").map((i) => i.inputs.resourceName)).toContain("id-acmebp-prod-airflow");
  });

  it("prod's estimate has DBU and DWU lines", () => {
    const labels = (prod.cost?.lines ?? []).map((line) => line.item);
    expect(
      labels.some((label) => /Databricks jobs compute/.test(label)),
      labels.join("; "),
    ).toBe(true);
    expect(
      labels.some((label) => /Synapse dedicated SQL pool DW\d+c/.test(label)),
      labels.join("; "),
    ).toBe(true);
    for (const item of [
      "Synapse dedicated SQL pool storage",
      "AKS control plane (Standard tier)",
      "Private endpoint",
      "batch nodes: Standard_D16s_v5 spot",
    ]) {
      expect(labels, item).toContain(item);
    }
    expect(prod.cost?.notPriced).toEqual([]);
  });

  it("carries no storage key, SAS, client secret, PAT or SQL password anywhere (resources, values, DAGs)", () => {
    for (const [stack, doc] of plans) {
      const text = canonicalJson(doc);
      for (const pattern of CREDENTIAL_PATTERNS) expect(text, `${stack}: ${pattern}`).not.toMatch(pattern);
      for (const account of of(doc, "azure-native:storage:StorageAccount"))
        expect(account.inputs.allowSharedKeyAccess, stack).toBe(false);
      const [provider] = of(doc, "pulumi:providers:databricks");
      expect(
        Object.keys(provider.inputs).filter((key) => /token|password|secret/i.test(key)),
        stack,
      ).toEqual([]);
    }
  });

  it("keeps stateful sets and Airflow off the Spot pool: no toleration of its taint, the database on the stateful pool", () => {
    for (const [stack, doc] of plans) {
      const cnpg = objects(doc).filter((o) => o.kind === "Cluster");
      expect(cnpg.length, stack).toBeGreaterThan(0);
      for (const cluster of cnpg) {
        const affinity = rec(rec(cluster.spec).affinity);
        expect(affinity.nodeSelector, stack).toEqual({ "batch-platform.io/pool": "stateful" });
        expect(JSON.stringify(affinity), stack).not.toContain("scalesetpriority");
      }
      const chart = of(doc, "kubernetes:helm.sh/v4:Chart").find((c) => c.inputs.chart === "airflow")!;
      expect(JSON.stringify(chart.inputs.values), stack).not.toContain("scalesetpriority");
    }
  });

  it("tags every Azure resource whose type takes tags with environment, cost-center, owner and component", () => {
    const takesTags = (type: string) => {
      const [, module, name] = type.split(":");
      const file = join(
        REPO,
        "node_modules/@pulumi/azure-native",
        module,
        `${name[0].toLowerCase()}${name.slice(1)}.d.ts`,
      );
      return existsSync(file) && /\n\s+tags\?: pulumi\.Input</.test(readFileSync(file, "utf8"));
    };
    for (const [stack, doc] of plans) {
      const tagged = doc.resources.filter((r) => r.custom && r.type.startsWith("azure-native:") && takesTags(r.type));
      expect(tagged.length, stack).toBeGreaterThan(20);
      for (const resource of tagged) {
        expect(Object.keys(rec(resource.inputs.tags)), `${stack} ${resource.urn}`).toEqual(
          expect.arrayContaining(["environment", "cost-center", "owner", "component"]),
        );
      }
    }
  });

  it("has a replace-on-change row for every custom resource type it plans", () => {
    const types = new Set(
      prod.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.type),
    );
    expect([...types].filter((type) => replaceOnChangePaths(type).length === 0).sort()).toEqual([]);
  });

  it("DAGs compile and run against stand-ins with the operators' real arguments", async () => {
    for (const [stack, doc] of plans) {
      for (const [file, source] of Object.entries(dagFiles(doc))) {
        const compiled = await compilePython(source, file);
        expect(compiled.status, `${stack}/${file}: ${compiled.stderr}`).toBe(0);
        const run = await python(["test/fixtures/pipeline/airflow_stub.py", tempFile(source, file)], REPO);
        expect(run.status, `${stack}/${file}: ${run.stderr}`).toBe(0);
        const result = JSON.parse(run.stdout) as { tasks: { class: string; task_id: string }[] };
        expect(
          result.tasks.map((t) => `${t.class}:${t.task_id}`),
          `${stack}/${file}`,
        ).toEqual([
          "WasbPrefixSensor:wait_for_landing_files",
          "@task:claim_landing_files",
          "DatabricksRunNowOperator:bronze_silver_gold",
          "@task:load_serving",
          "@task:archive_processed_files",
        ]);
      }
    }
  });
});
