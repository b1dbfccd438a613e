import type { ResourceRule } from "./rule";
import { at, isRecord, list, records } from "../model/values";
import { kubernetesKind, objectName } from "../model/workloads";

export interface NoOpenCidrConfig {
  /** Allow NetworkPolicy egress to 0.0.0.0/0 on 443 that excludes the private ranges (HTTPS out to the internet). */
  readonly allowHttpsEgress: boolean;
}

const OPEN = new Set(["0.0.0.0/0", "::/0"]);
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** Paths of every open CIDR in a value. */
function openPaths(value: unknown, path: string, out: { path: string; value: string }[]): void {
  if (typeof value === "string" && OPEN.has(value.trim())) out.push({ path: path || "(root)", value: value.trim() });
  else if (Array.isArray(value)) value.forEach((item, i) => openPaths(item, `${path}[${i}]`, out));
  else if (isRecord(value))
    for (const key of Object.keys(value)) openPaths(value[key], path ? `${path}.${key}` : key, out);
}

/** `spec.egress[i].to[j].ipBlock.cidr` of a rule that only opens 443 outside the private ranges. */
function httpsEgress(props: Readonly<Record<string, unknown>>, path: string): boolean {
  const match = /^spec\.egress\[(\d+)\]\.to\[(\d+)\]\.ipBlock\.cidr$/.exec(path);
  if (!match) return false;
  const rule = records(at(props, "spec.egress"))[Number(match[1])];
  const block = records(rule?.to)[Number(match[2])]?.ipBlock;
  const except = list(isRecord(block) ? block.except : undefined);
  const ports = records(rule?.ports);
  return PRIVATE.every((cidr) => except.includes(cidr)) && ports.length > 0 && ports.every((p) => p.port === 443);
}

/**
 * No 0.0.0.0/0 (or ::/0) anywhere: not in firewall source ranges, authorized networks, API server
 * ranges or NetworkPolicies. The one exception an environment may allow is HTTPS out to the
 * internet with the private ranges excluded (package downloads).
 */
export const noOpenCidr: ResourceRule<NoOpenCidrConfig> = {
  kind: "resource",
  pack: "security",
  name: "no-open-cidr",
  description:
    "No 0.0.0.0/0 or ::/0 in any input (firewalls, authorized networks, NetworkPolicies), " +
    "HTTPS egress aside where allowed.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowHttpsEgress: { type: "boolean" } } },
  defaults: { allowHttpsEgress: false },
  validate(resource, config, report) {
    // A ConfigGroup's objects are evaluated one by one (as the resources a real preview registers).
    if (resource.type.startsWith("kubernetes:yaml/")) return;
    const found: { path: string; value: string }[] = [];
    openPaths(resource.props, "", found);
    const kind = kubernetesKind(resource.type);
    const name = kind ? objectName(kind, resource.props) : `${resource.type} ${resource.name}`;
    for (const { path, value } of found) {
      if (kind === "NetworkPolicy" && config.allowHttpsEgress && httpsEgress(resource.props, path)) continue;
      report(`${name} input ${path} is ${value} (anywhere); to comply, narrow it to the addresses that need access.`);
    }
  },
};
