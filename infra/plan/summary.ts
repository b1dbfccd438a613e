import { isBlocking, type PlanDocument, type PlanResource } from "./document";
import { compareText } from "../../components/common/compare-text";

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The top-level component (a child of the stack) each resource belongs to, by URN. */
function topLevelOwners(resources: readonly PlanResource[]): Map<string, PlanResource> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const owners = new Map<string, PlanResource>();
  for (const resource of resources) {
    let current: PlanResource | undefined = resource;
    while (current?.parent && byUrn.get(current.parent)?.type !== STACK_TYPE && byUrn.has(current.parent)) {
      current = byUrn.get(current.parent);
    }
    if (current && resource.type !== STACK_TYPE) owners.set(resource.urn, current);
  }
  return owners;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => compareText(a[0], b[0]));
}

/** The human summary of one plan: counts by component and type, findings, cost, where the JSON went. */
export function renderSummary(document: PlanDocument, outFile: string | undefined): string {
  const resources = document.resources.filter((r) => r.type !== STACK_TYPE);
  const owners = topLevelOwners(document.resources);
  const lines = [`Plan of stack ${document.stack} (${document.variant}, ${document.environment}) — offline, under Pulumi mocks; nothing was deployed.`, ""];
  lines.push(`${resources.length} resources by component:`);
  for (const [owner, count] of countBy(resources, (r) => {
    const top = owners.get(r.urn);
    return top ? `${top.name} (${top.type})` : r.name;
  })) lines.push(`  ${String(count).padStart(4)}  ${owner}`);
  lines.push("", "by type:");
  for (const [type, count] of countBy(resources, (r) => r.type)) lines.push(`  ${String(count).padStart(4)}  ${type}`);
  const blocking = document.findings.filter(isBlocking);
  lines.push("", `findings: ${document.findings.length} (${blocking.length} blocking)`);
  for (const finding of [...blocking, ...document.findings.filter((f) => !isBlocking(f))]) {
    lines.push(`  [${finding.enforcement}] ${finding.source}: ${finding.message}`);
  }
  if (document.cost) {
    lines.push("", `estimated cost: $${document.cost.monthlyUsd.toFixed(2)} / month (assumptions in the plan JSON)`);
    for (const line of [...document.cost.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, 5)) {
      lines.push(`  $${line.monthlyUsd.toFixed(2).padStart(9)}  ${line.item}`);
    }
    if (document.cost.notPriced.length > 0) lines.push(`  not priced: ${document.cost.notPriced.length} resources (listed in the plan JSON)`);
  }
  if (outFile) lines.push("", `plan written to ${outFile}`);
  return lines.join("\n");
}

/** One progress line per stack for `--all`. */
export function renderProgressLine(document: PlanDocument, outFile: string, seconds: number): string {
  const blocking = document.findings.filter(isBlocking).length;
  const cost = document.cost ? `, ~$${document.cost.monthlyUsd.toFixed(0)}/month` : "";
  const status = blocking > 0 ? "BLOCKED" : "ok";
  return `${document.stack.padEnd(14)} ${status.padEnd(7)} ${String(document.resources.length - 1).padStart(4)} resources, ${document.findings.length} findings (${blocking} blocking)${cost} → ${outFile} (${seconds.toFixed(1)} s)`;
}
