/**
 * One plan's resources by URN, behind one interface for a parsed document (tests, small plans) and
 * for a plan file indexed by text (large plans): the diff asks whether a resource is unchanged
 * before it ever parses it, so two 1,000-pipeline plans are not both held as full trees.
 */
import type { CostEstimate, PlanDocument, PlanFinding, PlanResource, PlanValue } from "../plan/document";
import { valuesEqual } from "./value-diff";

export interface ResourceTable {
  /** Every URN, in document order (sorted by URN). */
  readonly urns: readonly string[];
  has(urn: string): boolean;
  /** The resource, parsed on first use. */
  get(urn: string): PlanResource | undefined;
  /** True when `urn` is identical in this table and `other`. */
  sameIn(urn: string, other: ResourceTable): boolean;
  /** The resource's canonical JSON bytes, when the table keeps them (cheap equality). */
  bytesOf(urn: string): Buffer | undefined;
}

/** A plan whose resources are looked up, not walked. */
export interface IndexedPlan {
  readonly stack: string;
  readonly variant: string;
  readonly environment: string;
  readonly outputs: { readonly [key: string]: PlanValue };
  readonly findings: readonly PlanFinding[];
  readonly cost?: CostEstimate;
  readonly resources: ResourceTable;
}

function sameResource(table: ResourceTable, urn: string, other: ResourceTable): boolean {
  const own = table.bytesOf(urn);
  const theirs = other.bytesOf(urn);
  // Equal bytes are equal resources; unequal bytes may still be (a file that wrote its long texts
  // inline, as plans before `texts` did, beside one that references them).
  if (own !== undefined && theirs !== undefined && own.equals(theirs)) return true;
  const a = table.get(urn);
  const b = other.get(urn);
  return a !== undefined && b !== undefined && valuesEqual(a as unknown as PlanValue, b as unknown as PlanValue);
}

/** A table over resources already in memory. */
export function tableOf(resources: readonly PlanResource[]): ResourceTable {
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const table: ResourceTable = {
    urns: resources.map((resource) => resource.urn),
    has: (urn) => byUrn.has(urn),
    get: (urn) => byUrn.get(urn),
    sameIn: (urn, other) => sameResource(table, urn, other),
    bytesOf: () => undefined,
  };
  return table;
}

/** A table over canonical JSON entries, each parsed (and checked) on first use. */
export function textTable(
  chunks: ReadonlyMap<string, Buffer>,
  parse: (urn: string, bytes: Buffer) => PlanResource,
): ResourceTable {
  const parsed = new Map<string, PlanResource>();
  const table: ResourceTable = {
    urns: [...chunks.keys()],
    has: (urn) => chunks.has(urn),
    get(urn) {
      const cached = parsed.get(urn);
      if (cached) return cached;
      const text = chunks.get(urn);
      if (text === undefined) return undefined;
      const resource = parse(urn, text);
      parsed.set(urn, resource);
      return resource;
    },
    sameIn: (urn, other) => sameResource(table, urn, other),
    bytesOf: (urn) => chunks.get(urn),
  };
  return table;
}

export function isIndexedPlan(plan: PlanDocument | IndexedPlan): plan is IndexedPlan {
  return !Array.isArray(plan.resources);
}

/** A parsed document as an indexed plan. */
export function indexDocument(document: PlanDocument | IndexedPlan): IndexedPlan {
  if (isIndexedPlan(document)) return document;
  return { ...document, resources: tableOf(document.resources) };
}
