/**
 * Compare two plans of one stack. Pure: the same plans and overrides always give the same, sorted
 * StackDiff, with every value masked for printing. Resources whose text is unchanged are skipped
 * without being parsed, so the work follows the size of the change, not of the plans.
 */
import { isBlocking, type PlanDocument, type PlanResource } from "../plan/document";
import { aliasCandidates } from "./aliases";
import { clusterHazards, KUBERNETES_PROVIDER, providerTargetHazards, type OldPlanView } from "./cluster-rule";
import { compareEntities, propertyChanges, wholeEntity } from "./compare-entities";
import { diffCost } from "./cost-diff";
import { dataLossHazards } from "./data-loss-rule";
import { diffFindings } from "./findings-diff";
import type { ComparedEntity, FoundHazard } from "./found-hazard";
import { HAZARD_RULES, isOverridable } from "./hazard-rules";
import { immutableFieldHazards } from "./immutable-rule";
import { overrideKey, type ReviewOverride } from "./overrides";
import { resourceEntities, type PlanEntity } from "./plan-entities";
import { protectionHazards } from "./protection-rule";
import { replicationHazards } from "./replication-rule";
import { indexDocument, type IndexedPlan } from "./resource-table";
import { topologyHazards } from "./topology-rule";
import type { ChangeAction, ChangeCounts, Hazard, ResourceChange, StackDiff } from "./types";
import { volumeHazards } from "./volume-rule";

export type PlanInput = PlanDocument | IndexedPlan;

/** Why a stack did not plan, per side (from `npm run plan`). */
export interface PlanErrors {
  readonly head?: string;
  readonly base?: string;
}

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function countActions(changes: readonly ResourceChange[]): ChangeCounts {
  const count = (action: ChangeAction): number => changes.filter((change) => change.action === action).length;
  return { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete") };
}

/**
 * Deleted and created entities with the same rename key (type + parent), one each, are taken for a
 * rename — Pulumi deletes and recreates them unless an alias says otherwise. Matching by type alone
 * catches renames whose parent was renamed too.
 */
function pairRenames(deleted: PlanEntity[], created: PlanEntity[]): Array<[PlanEntity, PlanEntity]> {
  const pairs: Array<[PlanEntity, PlanEntity]> = [];
  for (const keyOf of [(e: PlanEntity) => e.renameKey, (e: PlanEntity) => e.type]) {
    const groups = (entities: readonly PlanEntity[]) => {
      const map = new Map<string, PlanEntity[]>();
      for (const entity of entities) map.set(keyOf(entity), [...(map.get(keyOf(entity)) ?? []), entity]);
      return map;
    };
    const oldGroups = groups(deleted);
    const newGroups = groups(created);
    for (const key of [...oldGroups.keys()].sort()) {
      const olds = oldGroups.get(key) ?? [];
      const news = newGroups.get(key) ?? [];
      if (olds.length !== 1 || news.length !== 1) continue;
      pairs.push([olds[0]!, news[0]!]);
      deleted.splice(deleted.indexOf(olds[0]!), 1);
      created.splice(created.indexOf(news[0]!), 1);
    }
  }
  return pairs;
}

/** The old plan as the cluster rules see it; walks every resource only when a rule asks. */
function oldPlanView(before: IndexedPlan): OldPlanView {
  const table = before.resources;
  let byProvider: Map<string, PlanEntity[]> | undefined;
  return {
    kubernetesProviders: table.urns
      .filter((urn) => urn.includes(`${KUBERNETES_PROVIDER}::`))
      .map((urn) => table.get(urn) as PlanResource),
    entitiesOn(providerUrn) {
      if (!byProvider) {
        byProvider = new Map();
        for (const urn of table.urns) {
          for (const entity of resourceEntities(table.get(urn) as PlanResource)) {
            if (entity.provider) byProvider.set(entity.provider, [...(byProvider.get(entity.provider) ?? []), entity]);
          }
        }
      }
      return byProvider.get(providerUrn) ?? [];
    },
  };
}

/** Resources on both sides under one URN or an alias, and those on one side only. */
function matchResources(before: IndexedPlan, after: IndexedPlan) {
  const changed: Array<[PlanResource, PlanResource]> = [];
  const created: PlanResource[] = [];
  const deletedUrns = new Set<string>();
  for (const urn of before.resources.urns) if (!after.resources.has(urn)) deletedUrns.add(urn);
  for (const urn of after.resources.urns) {
    if (!before.resources.has(urn)) created.push(after.resources.get(urn) as PlanResource);
    else if (!before.resources.sameIn(urn, after.resources))
      changed.push([before.resources.get(urn)!, after.resources.get(urn)!]);
  }
  const aliasMap = new Map<string, string>();
  const aliased: Array<[PlanResource, PlanResource]> = [];
  for (const resource of [...created]) {
    const old = aliasCandidates(resource, after.resources).find((urn) => deletedUrns.has(urn));
    if (old === undefined) continue;
    deletedUrns.delete(old);
    created.splice(created.indexOf(resource), 1);
    aliasMap.set(old, resource.urn);
    aliased.push([before.resources.get(old)!, resource]);
  }
  const deleted = [...deletedUrns].map((urn) => before.resources.get(urn) as PlanResource);
  return { changed, aliased, created, deleted, aliasMap };
}

/** Hazards of an entity on both sides. */
function comparedHazards(compared: ComparedEntity, view: OldPlanView): FoundHazard[] {
  const rules = [protectionHazards, volumeHazards, topologyHazards, replicationHazards, immutableFieldHazards];
  return [
    ...rules.flatMap((rule) => rule(compared)),
    ...providerTargetHazards(compared, view),
    ...dataLossHazards(compared.change, compared.before),
    ...clusterHazards(compared.change, compared.before, view),
  ];
}

function applyOverrides(found: readonly FoundHazard[], overrides: ReadonlyMap<string, string>): Hazard[] {
  const hazards = found.map((hazard): Hazard => {
    const allowedBy = isOverridable(hazard.rule) ? overrides.get(overrideKey(hazard.rule, hazard.id)) : undefined;
    return { ...hazard, blocking: allowedBy === undefined, ...(allowedBy !== undefined ? { allowedBy } : {}) };
  });
  const order = Object.keys(HAZARD_RULES);
  return hazards.sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule) || byId(a, b));
}

function planFailedHazard(stack: string, error: string): Hazard {
  return {
    rule: "plan-failed",
    id: `stacks/Pulumi.${stack}.yaml`,
    type: "stack",
    name: stack,
    why: "the stack does not plan at the head: fix it (the review cannot tell what this change would do to it)",
    details: error
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== ""),
    blocking: true,
  };
}

const NO_CHANGES = { create: 0, update: 0, replace: 0, delete: 0 };
const NO_FINDINGS = { introduced: [], resolved: [] };

/**
 * Diff one stack's plans. `before` undefined: the stack is new (or did not plan at the base);
 * `after` undefined: the stack's config was removed (that destroys nothing by itself), or, with
 * `errors.head`, it does not plan at the head — which blocks.
 */
export function diffPlans(
  beforeInput: PlanInput | undefined,
  afterInput: PlanInput | undefined,
  overrides: readonly ReviewOverride[],
  errors: PlanErrors = {},
): StackDiff {
  const stack = afterInput?.stack ?? beforeInput?.stack;
  if (stack === undefined) throw new Error("diffPlans: at least one of before/after is required");
  const before = beforeInput ? indexDocument(beforeInput) : undefined;
  const after = afterInput ? indexDocument(afterInput) : undefined;
  const resourcesBefore = before?.resources.urns.length ?? 0;
  const planErrors = {
    ...(errors.head !== undefined ? { head: errors.head } : {}),
    ...(errors.base !== undefined ? { base: errors.base } : {}),
  };
  const environment = afterInput?.environment ?? beforeInput?.environment ?? "";
  const common = {
    stack,
    environment,
    counts: NO_CHANGES,
    changes: [],
    resourcesBefore,
    outputs: [],
    aliased: [],
    overridesUsed: [],
    planErrors,
  };
  if (errors.head !== undefined) {
    return {
      ...common,
      status: "failed",
      hazards: [planFailedHazard(stack, errors.head)],
      findings: NO_FINDINGS,
      cost: undefined,
      blocking: true,
    };
  }
  const findings = diffFindings(before?.findings ?? [], after?.findings ?? []);
  const cost = diffCost(before?.cost, after?.cost);
  if (!after) {
    return {
      ...common,
      status: "removed",
      hazards: [],
      findings: { introduced: [], resolved: findings.resolved },
      cost,
      blocking: false,
    };
  }
  const outputs = propertyChanges("", before?.outputs ?? {}, after.outputs, []);
  const empty: IndexedPlan = {
    ...after,
    resources: { urns: [], has: () => false, get: () => undefined, sameIn: () => false, bytesOf: () => undefined },
  };
  const old = before ?? empty;
  const { changed, aliased: aliasPairs, created, deleted, aliasMap } = matchResources(old, after);
  const view = oldPlanView(old);

  const changes: ResourceChange[] = [];
  const found: FoundHazard[] = [];
  const createdEntities: PlanEntity[] = created.flatMap(resourceEntities);
  const deletedEntities: PlanEntity[] = deleted.flatMap(resourceEntities);
  const compare = (a: PlanEntity, b: PlanEntity, renamed: boolean, aliasOf?: string) => {
    const change = compareEntities(a, b, { renamed, aliasMap, ...(aliasOf !== undefined ? { aliasOf } : {}) });
    if (!change) return;
    changes.push(change);
    found.push(...comparedHazards({ before: a, after: b, change }, view));
  };
  for (const [oldResource, newResource] of [...changed, ...aliasPairs]) {
    const isAlias = oldResource.urn !== newResource.urn;
    // Object ids start with their group's URN: under an alias, the old ids map to new ones.
    const newId = (id: string) =>
      isAlias && id.startsWith(oldResource.urn) ? `${newResource.urn}${id.slice(oldResource.urn.length)}` : id;
    const oldEntities = new Map(resourceEntities(oldResource).map((entity) => [newId(entity.id), entity]));
    for (const entity of resourceEntities(newResource)) {
      const match = oldEntities.get(entity.id);
      if (!match) createdEntities.push(entity);
      else compare(match, entity, false, entity.id === newResource.urn && isAlias ? oldResource.urn : undefined);
      oldEntities.delete(entity.id);
    }
    deletedEntities.push(...oldEntities.values());
  }
  for (const [a, b] of before ? pairRenames(deletedEntities, createdEntities) : []) compare(a, b, true);
  for (const entity of createdEntities) changes.push(wholeEntity(entity, "create"));
  for (const entity of deletedEntities) {
    const change = wholeEntity(entity, "delete");
    changes.push(change);
    found.push(...dataLossHazards(change, entity), ...clusterHazards(change, entity, view));
  }
  changes.sort(byId);

  const overrideMap = new Map(overrides.map((o) => [overrideKey(o.rule, o.id), o.reason]));
  const hazards = applyOverrides(found, overrideMap);
  const overridesUsed = hazards
    .filter((h) => h.allowedBy !== undefined)
    .map((h) => overrideKey(h.rule, h.id))
    .sort();
  const blocking = hazards.some((h) => h.blocking) || findings.introduced.some(isBlocking);
  const aliased = [...aliasMap]
    .map(([from, to]) => ({ from, to }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const moved =
    changes.length > 0 ||
    aliased.length > 0 ||
    outputs.length > 0 ||
    findings.introduced.length + findings.resolved.length > 0 ||
    cost?.moved === true;
  return {
    ...common,
    status: !before ? "added" : moved ? "changed" : "unchanged",
    counts: countActions(changes),
    changes,
    hazards,
    findings,
    cost,
    outputs,
    aliased,
    overridesUsed,
    blocking,
  };
}
