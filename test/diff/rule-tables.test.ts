/**
 * The hand-maintained tables, tested per row: every replace-on-change path forces a replace, every
 * protection field blocks when lowered (and not when raised), every chart volume blocks when it
 * cannot change, every rejected field blocks. And every type the stacks use has its row.
 */
import { describe, expect, it } from "vitest";
import { CHART_VOLUMES } from "../../infra/diff/chart-volumes";
import { diffPlans } from "../../infra/diff/diff-plans";
import { resourceEntities } from "../../infra/diff/plan-entities";
import { PROTECTION_FIELDS, type ProtectionField } from "../../infra/diff/protection-fields";
import { REJECTED_CHANGES } from "../../infra/diff/rejected-changes";
import { REPLACE_ON_CHANGE, replaceOnChangePaths } from "../../infra/diff/replace-on-change";
import type { PlanValue } from "../../infra/plan/document";
import { basePlan } from "./recorded-plans";
import { CONFIG_GROUP, plan, type ResourceSpec } from "./plan-builders";

type Inputs = { [key: string]: PlanValue };

/** An object holding `value` at a dotted path; `[]` segments become one-item lists. */
function at(path: string, value: PlanValue): Inputs {
  const [head, ...rest] = path.split(".");
  const inner = rest.length === 0 ? value : at(rest.join("."), value);
  return head!.endsWith("[]") ? { [head!.slice(0, -2)]: [{ name: "one", ...(inner as Inputs) }] } : { [head!]: inner };
}

function merge(a: Inputs, b: Inputs): Inputs {
  const out: Inputs = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const old = out[key];
    out[key] =
      typeof old === "object" &&
      old !== null &&
      !Array.isArray(old) &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value)
        ? merge(old, value)
        : value;
  }
  return out;
}

/** A resource of `subject` (a type, or `helm:<chart>`) whose inputs (or chart values) are `inputs`. */
function subjectResource(subject: string, inputs: Inputs): ResourceSpec {
  if (subject.startsWith("helm:")) {
    const chart = subject.slice(5);
    return {
      type: "kubernetes:helm.sh/v4:Chart",
      name: chart,
      inputs: { chart, name: chart, namespace: "ns", values: inputs },
    };
  }
  if (subject.startsWith("kubernetes:")) {
    const [, groupVersion = "", kind = ""] = subject.split(":");
    const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice(5) : groupVersion;
    return {
      type: CONFIG_GROUP,
      name: "objects",
      inputs: { objs: [{ apiVersion, kind, metadata: { name: "x", namespace: "n" }, ...inputs }] },
    };
  }
  return { type: subject, name: "r", inputs };
}

function rulesFor(subject: string, before: Inputs, after: Inputs): string[] {
  const diff = diffPlans(
    plan("gcp-prod", [subjectResource(subject, before)]),
    plan("gcp-prod", [subjectResource(subject, after)]),
    [],
  );
  return diff.hazards.filter((h) => h.blocking).map((h) => h.rule);
}

/** A safe and a less safe value of a field. */
function safeAndUnsafe(field: ProtectionField): [PlanValue, PlanValue] {
  switch (field.safety.kind) {
    case "flag":
      return [field.safety.safe, !field.safety.safe];
    case "order":
      return [field.safety.safestFirst[0]!, field.safety.safestFirst[field.safety.safestFirst.length - 1]!];
    case "at-least":
      return [30, 7];
  }
}

describe("PROTECTION_FIELDS", () => {
  const rows = Object.entries(PROTECTION_FIELDS).flatMap(([subject, fields]) =>
    fields.map((field) => [subject, field.path, field] as const),
  );

  it.each(rows)("%s %s: lowering it blocks, raising it does not", (subject, path, field) => {
    const [safe, unsafe] = safeAndUnsafe(field);
    expect(rulesFor(subject, at(path, safe), at(path, unsafe))).toContain("protection-downgrade");
    expect(rulesFor(subject, at(path, unsafe), at(path, safe))).not.toContain("protection-downgrade");
  });
});

describe("CHART_VOLUMES", () => {
  const rows = CHART_VOLUMES.map((volume) => [volume.chart, volume.base, volume] as const);

  it.each(rows)("%s %s: a shrink blocks; a grow blocks only a volume claim template", (chart, base, volume) => {
    const values = (size: string) => merge(at(`${base}.${volume.size}`, size), { mode: "distributed" });
    expect(rulesFor(`helm:${chart}`, values("20Gi"), values("10Gi"))).toContain("volume-change");
    const kind = typeof volume.kind === "function" ? volume.kind(values("20Gi")) : volume.kind;
    expect(rulesFor(`helm:${chart}`, values("10Gi"), values("20Gi")).includes("volume-change")).toBe(
      kind === "template",
    );
  });

  it.each(rows)("%s %s: another storage class blocks, another unrelated value does not", (chart, base, volume) => {
    const values = (storageClass: string, other = "a") =>
      merge(at(`${base}.${volume.storageClass}`, storageClass), { unrelated: other, mode: "distributed" });
    expect(rulesFor(`helm:${chart}`, values("ssd"), values("hdd"))).toContain("volume-change");
    expect(rulesFor(`helm:${chart}`, values("ssd"), values("ssd", "b"))).toEqual([]);
  });
});

describe("REJECTED_CHANGES", () => {
  const rows = Object.entries(REJECTED_CHANGES).flatMap(([type, fields]) =>
    fields.map((field) => [type, field.path] as const),
  );

  it.each(rows)("%s %s: a change blocks as immutable-field", (type, path) => {
    expect(rulesFor(type, at(path, 1), at(path, 2))).toContain("immutable-field");
    expect(rulesFor(type, at(path, 1), merge(at(path, 1), { unrelated: true }))).toEqual([]);
  });
});

describe("REPLACE_ON_CHANGE", () => {
  const rows = Object.entries(REPLACE_ON_CHANGE).flatMap(([type, paths]) => paths.map((path) => [type, path] as const));

  it.each(rows)("%s %s: a change replaces; a change elsewhere updates", (type, path) => {
    const before = path === "*" ? { a: 1 } : at(path, "one");
    const after = path === "*" ? { a: 2 } : at(path, "two");
    const replaced = diffPlans(
      plan("gcp-dev", [subjectResource(type, before)]),
      plan("gcp-dev", [subjectResource(type, after)]),
      [],
    );
    const change = replaced.changes.find((c) => c.type === type);
    expect(change?.action).toBe("replace");
    expect(change?.replaceReasons).toEqual([path === "*" ? "any input change" : `\`${path}\` changed`]);
    if (path === "*") return;
    const elsewhere = diffPlans(
      plan("gcp-dev", [subjectResource(type, merge(before, { zzUnlisted: 1 }))]),
      plan("gcp-dev", [subjectResource(type, merge(before, { zzUnlisted: 2 }))]),
      [],
    );
    expect(elsewhere.changes.find((c) => c.type === type)?.action).toBe("update");
  });

  it("covers every custom resource type the recorded stacks use (providers excepted: see provider-target)", () => {
    const types = new Set<string>();
    for (const stack of ["azure-prod", "gcp-prod", "gcp-staging", "oss-prod"]) {
      for (const resource of basePlan(stack).resources.filter((r) => r.custom))
        for (const entity of resourceEntities(resource)) types.add(entity.type);
    }
    const missing = [...types]
      .filter((type) => !type.startsWith("pulumi:providers:") && replaceOnChangePaths(type).length === 0)
      .sort();
    expect(missing).toEqual([]);
    expect(types.size).toBeGreaterThan(20);
  });
});
