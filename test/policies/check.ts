import { asPreviewProps } from "../../policies/engine/unknowns";
import type { CostEstimate } from "../../infra/plan/document";
import type { ResourceRule, RuleResource, StackRule } from "../../policies/rules/rule";

/** Runs a resource rule as the offline runner does (props behind the unknown-checking proxy); returns the messages. */
export function violations<C extends object>(rule: ResourceRule<C>, resource: RuleResource, config: Partial<C> = {}): string[] {
  const messages: string[] = [];
  rule.validate({ ...resource, props: asPreviewProps(resource.props) }, { ...rule.defaults, ...config }, (message) => messages.push(message));
  return messages;
}

/** Runs a stack rule; returns `{urn, message}` per violation. */
export function stackViolations<C extends object>(rule: StackRule<C>, resources: readonly RuleResource[], config: Partial<C> = {}, estimate?: CostEstimate): { urn?: string; message: string }[] {
  const found: { urn?: string; message: string }[] = [];
  rule.validate({ resources: resources.map((r) => ({ ...r, props: asPreviewProps(r.props) })), estimate }, { ...rule.defaults, ...config }, (message, urn) => found.push({ urn, message }));
  return found;
}
