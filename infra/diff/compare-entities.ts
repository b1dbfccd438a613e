/**
 * One entity on both sides → what changes: property paths (masked, multi-line values as line
 * diffs), options, `dependsOn` as a set, run-time templates, and why a replace happens.
 */
import type { PlanValue } from "../plan/document";
import type { PlanEntity } from "./plan-entities";
import { replaceOnChangePaths } from "./replace-on-change";
import { runtimeTemplateChanges } from "./runtime-templates";
import { maskValue } from "./sensitive";
import { diffText, isMultiLine } from "./text-diff";
import type { DependsOnChange, PropertyChange, ResourceChange } from "./types";
import { diffValues, valueAt, valuesEqual } from "./value-diff";
import { formatPath, type PathSegment } from "./value-path";
import { isAliasedKubernetesVersionChange } from "./kubernetes-version-aliases";

/** Does a change at `path` fall under the replace-on-change `rule` (the rule itself or below it)? */
function underRule(path: readonly PathSegment[], rule: string): boolean {
  if (rule === "*") return true;
  return rule.split(".").every((key, i) => path[i] === key);
}

export function propertyChanges(
  type: string,
  before: PlanValue,
  after: PlanValue,
  rules: readonly string[],
): PropertyChange[] {
  return diffValues(before, after).map((change) => {
    const masked = [maskValue(type, change.path, change.before), maskValue(type, change.path, change.after)] as const;
    const [a, b] = masked;
    const text =
      typeof a === "string" && typeof b === "string" && (isMultiLine(a) || isMultiLine(b)) ? diffText(a, b) : undefined;
    return {
      path: formatPath(change.path),
      before: a,
      after: b,
      forcesReplacement: rules.some((rule) => underRule(change.path, rule)),
      ...(text ? { text } : {}),
    };
  });
}

/** The replace-on-change rules whose value differs (covers a rule path inside an added/removed parent). */
function replacingRules(type: string, before: PlanEntity, after: PlanEntity): string[] {
  return replaceOnChangePaths(type).filter((rule) =>
    rule === "*"
      ? !valuesEqual(before.inputs, after.inputs)
      : !valuesEqual(valueAt(before.inputs, rule), valueAt(after.inputs, rule)),
  );
}

function optionChanges(before: PlanEntity, after: PlanEntity): PropertyChange[] {
  if (!before.options || !after.options) return [];
  const plain = (entity: PlanEntity): PlanValue => {
    const { protect, retainOnDelete, provider } = entity.options!;
    return { protect, retainOnDelete, provider };
  };
  return propertyChanges(after.type, plain(before), plain(after), []);
}

/**
 * `dependsOn` as a set; old URNs are first mapped through `renamed` (aliases), so a rename is no
 * change. A local component's is ignored: it orders no operation of its own.
 */
function dependsOnChange(
  before: PlanEntity,
  after: PlanEntity,
  renamed: ReadonlyMap<string, string>,
): DependsOnChange | undefined {
  if (!before.options || !after.options || !after.deploys) return undefined;
  const old = new Set(before.options.dependsOn.map((urn) => renamed.get(urn) ?? urn));
  const current = new Set(after.options.dependsOn);
  const added = [...current].filter((urn) => !old.has(urn)).sort();
  const removed = [...old].filter((urn) => !current.has(urn)).sort();
  return added.length + removed.length > 0 ? { added, removed } : undefined;
}

export interface CompareOptions {
  /** A delete and a create taken for the same resource under a new URN, without an alias. */
  readonly renamed: boolean;
  /** The old URN an alias maps this resource to. */
  readonly aliasOf?: string;
  /** Old URN → new URN of every aliased resource of the stack. */
  readonly aliasMap: ReadonlyMap<string, string>;
}

export function compareEntities(
  before: PlanEntity,
  after: PlanEntity,
  options: CompareOptions,
): ResourceChange | undefined {
  const rules = replaceOnChangePaths(after.type);
  const properties = propertyChanges(after.type, before.inputs, after.inputs, rules);
  const changedOptions = optionChanges(before, after);
  const dependsOn = dependsOnChange(before, after, options.aliasMap);
  const reasons: string[] = [];
  if (options.renamed)
    reasons.push(
      `URN changed: looks like a rename of \`${before.name}\` (without an alias Pulumi deletes and recreates it)`,
    );
  // Only the API versions the provider aliases keep a URN; any other type change replaces (a custom
  // resource's new API version too: Pulumi creates it, then deletes the old one, the same object).
  const aliasedVersion = isAliasedKubernetesVersionChange(before.type, after.type);
  if (before.type !== after.type && !aliasedVersion && options.aliasOf === undefined)
    reasons.push(`type changed from \`${before.type}\``);
  const provider = (entity: PlanEntity) => options.aliasMap.get(entity.provider ?? "") ?? entity.provider;
  if (provider(before) !== after.provider) reasons.push("provider changed");
  reasons.push(
    ...replacingRules(after.type, before, after).map((rule) =>
      rule === "*" ? "any input change" : `\`${rule}\` changed`,
    ),
  );
  const runtimeTemplates = properties.length > 0 ? runtimeTemplateChanges(before.inputs, after.inputs) : [];
  const aliased = options.aliasOf !== undefined;
  // An alias alone changes nothing to deploy: the stack diff lists it among the renames.
  if (reasons.length === 0 && properties.length === 0 && changedOptions.length === 0 && !dependsOn) return undefined;
  return {
    id: after.id,
    type: after.type,
    name: after.name,
    action: reasons.length > 0 ? "replace" : "update",
    replaceReasons: reasons,
    ...(options.renamed ? { renamedFrom: before.id } : {}),
    ...(aliased ? { aliasOf: options.aliasOf } : {}),
    properties,
    options: changedOptions,
    ...(dependsOn ? { dependsOn } : {}),
    runtimeTemplates,
  };
}

/** A create or a delete: the whole entity, with the run-time templates its ConfigMap carries. */
export function wholeEntity(entity: PlanEntity, action: "create" | "delete"): ResourceChange {
  const runtimeTemplates =
    action === "create"
      ? runtimeTemplateChanges(undefined, entity.inputs)
      : runtimeTemplateChanges(entity.inputs, undefined);
  return {
    id: entity.id,
    type: entity.type,
    name: entity.name,
    action,
    replaceReasons: [],
    properties: [],
    options: [],
    runtimeTemplates,
  };
}
