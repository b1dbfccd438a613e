import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { ROOT } from "./cli";

/** A stack file of the repo to start an edited copy from. */
export type BaseStack = "oss-dev" | "oss-prod" | "gcp-dev" | "gcp-prod" | "azure-dev" | "azure-prod";

/** One edit of a stack file: set (or, with `undefined`, remove) the value at a config key path. */
export type StackEdit = readonly [keyPath: string, value: unknown];

/**
 * `batch-platform:cluster.zones[1]` → `["batch-platform:cluster", "zones", 1]`: the key path as
 * `pulumi config set --path` and the problem lines write it, as segments of the `config:` map.
 */
export function configSegments(keyPath: string): (string | number)[] {
  const [, namespace, rest] = /^([^:]+:)(.*)$/.exec(keyPath) ?? [];
  if (namespace === undefined || rest === undefined) throw new Error(`not a namespaced key path: ${keyPath}`);
  const parts: (string | number)[] = [];
  for (const match of rest.matchAll(/\[(\d+)\]|\["([^"]+)"\]|([^.[\]]+)/g)) {
    parts.push(match[1] !== undefined ? Number(match[1]) : (match[2] ?? match[3]));
  }
  return [`${namespace}${String(parts[0])}`, ...parts.slice(1)];
}

/** The text of a repo stack file with the edits applied (YAML-aware: flow maps, lists and comments kept). */
export function editedStackText(base: BaseStack, edits: readonly StackEdit[]): string {
  const document = parseDocument(readFileSync(join(ROOT, "stacks", `Pulumi.${base}.yaml`), "utf8"));
  for (const [keyPath, value] of edits) {
    const path = ["config", ...configSegments(keyPath)];
    if (value === undefined) document.deleteIn(path);
    else document.setIn(path, value);
  }
  return document.toString({ lineWidth: 0 });
}

/** A fresh folder for stack files (the plan's `--stacks-dir`). */
export function stacksFolder(): string {
  return mkdtempSync(join(tmpdir(), "bp-stacks-"));
}

/** Writes `Pulumi.<stack>.yaml` into a stacks folder; returns its path. */
export function writeStack(dir: string, stack: string, text: string): string {
  const file = join(dir, `Pulumi.${stack}.yaml`);
  writeFileSync(file, text);
  return file;
}
