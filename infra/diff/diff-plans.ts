/**
 * Compare two plans of one stack. Pure: the same plans and overrides always give the same,
 * sorted StackDiff, with every value masked for printing.
 */
import { isBlocking, type PlanDocument, type PlanValue } from "../plan/document";
import { diffCost } from "./cost-diff";
import { dataBearingReason } from "./data-bearing";
import { diffFindings } from "./findings-diff";
import type { DataLossOverride } from "./overrides";
import { planEntities, type PlanEntity } from "./plan-entities";
import { replaceOnChangePaths } from "./replace-on-change";
import { maskValue } from "./sensitive";
import type { ChangeAction, ChangeCounts, DataLossFinding, PropertyChange, ResourceChange, StackDiff } from "./types";
import { diffValues, valueAt, valuesEqual } from "./value-diff";
import { formatPath, type PathSegment } from "./value-path";

function byId<T extends { readonly id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Does a change at `path` fall under the replace-on-change `rule` (the rule itself or below it)? */
function underRule(path: readonly PathSegment[], rule: string): boolean {
  if (rule === "*") return true;
  const keys = rule.split(".");
  return keys.every((key, i) => path[i] === key);
}

function propertyChanges(type: string, before: PlanValue, after: PlanValue, rules: readonly string[]): PropertyChange[] {
  return diffValues(before, after).map((change) => ({
    path: formatPath(change.path),
    before: maskValue(type, change.path, change.before),
    after: maskValue(type, change.path, change.after),
    forcesReplacement: rules.some((rule) => underRule(change.path, rule)),
  }));
}

/** The replace-on-change rules whose value differs (covers a rule path inside an added/removed parent). */
function replacingRules(type: string, before: PlanEntity, after: PlanEntity): string[] {
  return replaceOnChangePaths(type).filter((rule) =>
    rule === "*" ? !valuesEqual(before.inputs, after.inputs) : !valuesEqual(valueAt(before.inputs, rule), valueAt(after.inputs, rule)),
  );
}

function optionChanges(before: PlanEntity, after: PlanEntity): PropertyChange[] {
  if (!before.options || !after.options) return [];
  // Aliases say where a resource came from; they change nothing on the target.
  const plain = (entity: PlanEntity): PlanValue => {
    const { aliases: _aliases, ...options } = entity.options ?? { dependsOn: [] };
    return { ...options, dependsOn: [...(entity.options?.dependsOn ?? [])] };
  };
  return propertyChanges(after.type, plain(before), plain(after), []);
}

function compareEntities(before: PlanEntity, after: PlanEntity, renamed: boolean): ResourceChange | undefined {
  const rules = replaceOnChangePaths(after.type);
  const properties = propertyChanges(after.type, before.inputs, after.inputs, rules);
  const options = optionChanges(before, after);
  const reasons: string[] = [];
  if (renamed) reasons.push(`URN changed: looks like a rename of \`${before.name}\` (without an alias Pulumi deletes and recreates it)`);
  // A Kubernetes apiVersion bump is an update (the provider aliases versions); other type changes replace.
  const kubernetesVersionBump = before.type.startsWith("kubernetes:") && after.type.startsWith("kubernetes:");
  if (before.type !== after.type && !kubernetesVersionBump) reasons.push(`type changed from \`${before.type}\``);
  if ((before.options?.provider ?? null) !== (after.options?.provider ?? null)) reasons.push("provider changed");
  reasons.push(...replacingRules(after.type, before, after).map((rule) => (rule === "*" ? "any input change" : `\`${rule}\` changed`)));
  if (reasons.length === 0 && properties.length === 0 && options.length === 0) return undefined;
  return {
    id: after.id,
    type: after.type,
    name: after.name,
    action: reasons.length > 0 ? "replace" : "update",
    replaceReasons: reasons,
    ...(renamed ? { renamedFrom: before.id } : {}),
    properties,
    options,
  };
}

function whole(entity: PlanEntity, action: "create" | "delete"): ResourceChange {
  return { id: entity.id, type: entity.type, name: entity.name, action, replaceReasons: [], properties: [], options: [] };
}

/**
 * Deleted and created entities with the same rename key (type + parent), one each, are taken for a
 * rename — Pulumi deletes and recreates them unless an alias says otherwise. Matching by type alone
 * catches renames whose parent was renamed too.
 */
function pairRenames(deleted: PlanEntity[], created: PlanEntity[]): Array<[PlanEntity, PlanEntity]> {
  const pairs: Array<[PlanEntity, PlanEntity]> = [];
  for (const keyOf of [(e: PlanEntity) => e.renameKey, (e: PlanEntity) => e.type]) {
    const groupOf = (entities: readonly PlanEntity[], key: string) => entities.filter((e) => keyOf(e) === key);
    for (const key of [...new Set(deleted.map(keyOf))].sort()) {
      const [old, ...moreOld] = groupOf(deleted, key);
      const [renamed, ...moreNew] = groupOf(created, key);
      if (!old || !renamed || moreOld.length > 0 || moreNew.length > 0) continue;
      pairs.push([old, renamed]);
      deleted.splice(deleted.indexOf(old), 1);
      created.splice(created.indexOf(renamed), 1);
    }
  }
  return pairs;
}

function dataLossOf(change: ResourceChange, before: PlanEntity, overrides: ReadonlyMap<string, string>): DataLossFinding | undefined {
  if (change.action !== "delete" && change.action !== "replace") return undefined;
  const reasons = [dataBearingReason(before.type, before.inputs), before.protect ? "protected (`protect`): the deployment would fail until it is unprotected" : undefined];
  const why = reasons.filter((reason): reason is string => reason !== undefined).join("; ");
  if (why === "") return undefined;
  // Overrides name the id the review printed for the loss: the old id (a rename prints both).
  const allowedBy = overrides.get(before.id) ?? overrides.get(change.id);
  return {
    id: before.id,
    type: before.type,
    name: before.name,
    action: change.action,
    why,
    // retainOnDelete keeps the old resource but orphans its data: still a loss to review.
    blocking: allowedBy === undefined,
    ...(allowedBy !== undefined ? { allowedBy } : {}),
    retained: before.retainOnDelete,
  };
}

function countActions(changes: readonly ResourceChange[]): ChangeCounts {
  const count = (action: ChangeAction): number => changes.filter((change) => change.action === action).length;
  return { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete") };
}

/**
 * Diff one stack's plans. `before` undefined: the stack is new; `after` undefined: the stack's
 * config was removed (that destroys nothing by itself, so nothing is reported as deleted).
 */
export function diffPlans(before: PlanDocument | undefined, after: PlanDocument | undefined, overrides: readonly DataLossOverride[]): StackDiff {
  const stack = after?.stack ?? before?.stack;
  if (stack === undefined) throw new Error("diffPlans: at least one of before/after is required");
  const beforeEntities = before ? planEntities(before) : [];
  const resourcesBefore = before?.resources.length ?? 0;
  const findings = diffFindings(before?.findings ?? [], after?.findings ?? []);
  const cost = diffCost(before?.cost, after?.cost);
  const outputs = propertyChanges("", before?.outputs ?? {}, after?.outputs ?? {}, []);
  if (!after) {
    return {
      stack, status: "removed", counts: countActions([]), changes: [], resourcesBefore, dataLoss: [],
      findings: { introduced: [], resolved: findings.resolved }, cost, outputs, overridesUsed: [], blocking: false,
    };
  }

  const afterEntities = planEntities(after);
  const beforeById = new Map(beforeEntities.map((e) => [e.id, e]));
  const afterIds = new Set(afterEntities.map((e) => e.id));
  const deleted = beforeEntities.filter((e) => !afterIds.has(e.id));
  const created = afterEntities.filter((e) => !beforeById.has(e.id));
  const pairs = before ? pairRenames(deleted, created) : [];

  const changes: ResourceChange[] = [];
  const lossCandidates: Array<[ResourceChange, PlanEntity]> = [];
  for (const entity of afterEntities) {
    const old = beforeById.get(entity.id);
    if (!old) continue;
    const change = compareEntities(old, entity, false);
    if (change) {
      changes.push(change);
      lossCandidates.push([change, old]);
    }
  }
  for (const [old, renamed] of pairs) {
    // A rename always has a replace reason, so there is always a change.
    const change = compareEntities(old, renamed, true) as ResourceChange;
    changes.push(change);
    lossCandidates.push([change, old]);
  }
  for (const entity of created) changes.push(whole(entity, "create"));
  for (const entity of deleted) {
    const change = whole(entity, "delete");
    changes.push(change);
    lossCandidates.push([change, entity]);
  }
  changes.sort(byId);

  const overrideMap = new Map(overrides.map((o) => [o.urn, o.reason]));
  const dataLoss = lossCandidates
    .map(([change, old]) => dataLossOf(change, old, overrideMap))
    .filter((finding): finding is DataLossFinding => finding !== undefined)
    .sort(byId);
  const overridesUsed = dataLoss.filter((f) => f.allowedBy !== undefined).map((f) => f.id);
  const blocking = dataLoss.some((f) => f.blocking) || findings.introduced.some(isBlocking);
  const changed = changes.length > 0 || outputs.length > 0 || findings.introduced.length > 0 || findings.resolved.length > 0 || (cost?.lines.length ?? 0) > 0;
  return {
    stack,
    status: !before ? "added" : changed ? "changed" : "unchanged",
    counts: countActions(changes),
    changes,
    resourcesBefore,
    dataLoss,
    findings,
    cost,
    outputs,
    overridesUsed,
    blocking,
  };
}
