/**
 * Recorded plans of the review cases (review-cases.ts): a base plan per stack and, per case, only what differs
 * (changed or added resources, removed URNs, outputs, findings, cost) — gzipped, as they are large.
 * Re-record with `node --import tsx test/diff/record-plans.ts` after plans change.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { PlanDocument, PlanResource } from "../../infra/plan/document";

export const FIXTURES = join(__dirname, "../fixtures/diff/recorded");

/** What a case's plan changes against its stack's base plan. */
export interface PlanDelta {
  readonly stack: string;
  readonly resources: readonly PlanResource[];
  readonly removed: readonly string[];
  readonly outputs: PlanDocument["outputs"];
  readonly findings: PlanDocument["findings"];
  readonly cost?: PlanDocument["cost"];
}

export function gzipJson(value: unknown): Buffer {
  // Fixed mtime-free output: gzip of the same JSON is the same bytes on every machine.
  return gzipSync(`${JSON.stringify(value, null, 1)}\n`, { level: 9 });
}

function readGzipJson<T>(path: string): T {
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as T;
}

export function basePlan(stack: string): PlanDocument {
  return readGzipJson<PlanDocument>(join(FIXTURES, "base", `${stack}.json.gz`));
}

export function deltaOf(before: PlanDocument, after: PlanDocument): PlanDelta {
  const old = new Map(before.resources.map((r) => [r.urn, JSON.stringify(r)]));
  const urns = new Set(after.resources.map((r) => r.urn));
  return {
    stack: after.stack,
    resources: after.resources.filter((r) => old.get(r.urn) !== JSON.stringify(r)),
    removed: before.resources.filter((r) => !urns.has(r.urn)).map((r) => r.urn),
    outputs: after.outputs,
    findings: after.findings,
    ...(after.cost ? { cost: after.cost } : {}),
  };
}

export function applyDelta(base: PlanDocument, delta: PlanDelta): PlanDocument {
  const changed = new Map(delta.resources.map((r) => [r.urn, r]));
  const removed = new Set(delta.removed);
  const kept = base.resources.filter((r) => !removed.has(r.urn)).map((r) => changed.get(r.urn) ?? r);
  const added = delta.resources.filter((r) => !base.resources.some((b) => b.urn === r.urn));
  const resources = [...kept, ...added].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const { cost: _baseCost, ...rest } = base;
  return {
    ...rest,
    resources,
    outputs: delta.outputs,
    findings: delta.findings,
    ...(delta.cost ? { cost: delta.cost } : {}),
  };
}

/** The plans before and after one recorded case. */
export function casePlans(name: string): { before: PlanDocument; after: PlanDocument } {
  const delta = readGzipJson<PlanDelta>(join(FIXTURES, `${name}.json.gz`));
  const before = basePlan(delta.stack);
  return { before, after: applyDelta(before, delta) };
}
