import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { aliasCandidates } from "../../infra/diff/aliases";
import { tableOf } from "../../infra/diff/resource-table";
import type { PlanDocument } from "../../infra/plan/document";
import { listStacks } from "../../infra/plan/stack-file";
import { ROOT } from "../helpers/cli";
import { sharedPlan } from "../helpers/plans";

/**
 * Every resource the nine stacks planned before the pipeline moved onto role contracts (commit
 * 337d478: `GcpBatchPipeline`, per-variant DAG renderers) must still be planned, under its URN or
 * an alias — otherwise `pulumi up` on a deployed stack would delete and recreate it.
 */
const BEFORE = JSON.parse(readFileSync(join(ROOT, "test/fixtures/plan/urns-before-one-pipeline.json"), "utf8")) as Record<string, string[]>;

/**
 * Resources the move to Airflow 3 removes on purpose, as `type::name` (any stack, any parent): the
 * bundled PostgreSQL and its secrets gave way to an external metadata database (CloudNativePG,
 * Cloud SQL), and the webserver (its secret key, its workload identity binding) to the API server.
 * `pulumi up` deletes them; the new metadata database starts empty (docs/oss.md says how to move).
 */
const REMOVED_WITH_AIRFLOW_3 = [
  "kubernetes:core/v1:Secret::airflow-metadata",
  "kubernetes:core/v1:Secret::airflow-postgresql-credentials",
  "kubernetes:core/v1:Secret::airflow-webserver-secret-key",
  "random:index/randomPassword:RandomPassword::airflow-postgres-password",
  "random:index/randomPassword:RandomPassword::airflow-webserver-secret-key",
  "gcp:serviceaccount/iAMMember:IAMMember::airflow-identity-wi-orchestration-airflow-webserver",
];

/**
 * Grants narrowed on purpose (issue 12, least privilege): Airflow's write on the whole processing
 * bucket gave way to write on its log prefix (`airflow-processing-airflow-logs-write`, an IAM
 * condition), and the triggerer and the API server left the workers' Google service account for
 * their own (`airflow-trigger`, `airflow-api`).
 */
const NARROWED_GRANTS = [
  "gcp:storage/bucketIAMMember:BucketIAMMember::airflow-processing-write",
  "gcp:serviceaccount/iAMMember:IAMMember::airflow-identity-wi-orchestration-airflow-triggerer",
  "gcp:serviceaccount/iAMMember:IAMMember::airflow-identity-wi-orchestration-airflow-api-server",
];

const removedOnPurpose = (urn: string) =>
  [...REMOVED_WITH_AIRFLOW_3, ...NARROWED_GRANTS].some((suffix) => urn.endsWith(`$${suffix}`));

/** Mocks put the root stack's type into top-level URNs; the engine does not. Compare without it. */
const normal = (urn: string) => urn.replace("::pulumi:pulumi:Stack$", "::");

/** The URNs the plan's resources answer to: their own and their aliases (inherited ones included). */
function knownUrns(document: PlanDocument): Set<string> {
  const table = tableOf(document.resources);
  const known = new Set<string>();
  for (const resource of document.resources) {
    known.add(normal(resource.urn));
    for (const alias of aliasCandidates(resource, table)) known.add(normal(alias));
  }
  return known;
}

describe("URN continuity across the move to one BatchPipeline", () => {
  const stacks = listStacks(join(ROOT, "stacks"));
  const plans = new Map<string, PlanDocument>(stacks.map((stack) => [stack, sharedPlan(stack)]));

  it("covers every stack that existed before", () => {
    expect(Object.keys(BEFORE).filter((stack) => !stacks.includes(stack))).toEqual([]);
  });

  it.each(Object.keys(BEFORE))("%s: every earlier resource is planned under its URN or an alias", (stack) => {
    const known = knownUrns(plans.get(stack)!);
    const lost = BEFORE[stack].filter((urn) => !known.has(normal(urn)));
    expect(lost.filter((urn) => !removedOnPurpose(urn))).toEqual([]);
  });

  it("removes with Airflow 3 only resources that existed, and every one of them", () => {
    for (const suffix of REMOVED_WITH_AIRFLOW_3) {
      const before = Object.values(BEFORE).flat().filter((urn) => urn.endsWith(`$${suffix}`));
      expect(before.length, suffix).toBeGreaterThan(0);
      for (const [stack, plan] of plans) {
        expect(plan.resources.filter((r) => r.urn.endsWith(`$${suffix}`)).map((r) => r.urn), stack).toEqual([]);
      }
    }
  });

  it("has one pipeline component type in every plan", () => {
    for (const [stack, plan] of plans) {
      const types = new Set(plan.resources.map((r) => r.type).filter((type) => type.startsWith("batch-platform:pipeline:")));
      expect([...types], stack).toEqual(["batch-platform:pipeline:BatchPipeline"]);
    }
  });

  it("gives the renamed gcp pipelines aliases, and nothing else changes name on oss", () => {
    const gcp = plans.get("gcp-prod")!;
    const orders = gcp.resources.find((r) => r.type === "batch-platform:pipeline:BatchPipeline" && r.name === "orders")!;
    expect(orders.options.aliases).toEqual(["urn:pulumi:gcp-prod::batch-platform::pulumi:pulumi:Stack$batch-platform:pipeline:GcpBatchPipeline::pipeline-orders"]);
    const oss = new Set(plans.get("oss-prod")!.resources.map((r) => r.urn));
    expect(BEFORE["oss-prod"].filter((urn) => !oss.has(urn) && !removedOnPurpose(urn))).toEqual([]);
  });
});
