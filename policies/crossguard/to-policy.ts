import type { PolicyConfigSchema, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { fromPreviewProps } from "../engine/unknowns";
import { isHelmChart } from "../model/helm";
import { estimateResources } from "../pricing/estimate";
import type { UsageAssumptions } from "../pricing/usage";
import { PACK_RULES } from "../rules/packs";
import type { AnyRule, PackName, RuleResource } from "../rules/rule";
import type { CostEstimate } from "../../infra/plan/document";

/** The rule's schema with its defaults filled in, so the CLI passes them when the config file is silent. */
function schemaWithDefaults(rule: AnyRule): PolicyConfigSchema {
  const defaults = rule.defaults as Record<string, unknown>;
  const properties = Object.fromEntries(
    Object.entries(rule.configSchema.properties).map(([key, schema]) => [key, defaults[key] === undefined ? schema : { ...schema, default: defaults[key] as never }]),
  );
  return { ...rule.configSchema, properties };
}

function configOf(rule: AnyRule, given: object): object {
  return { ...rule.defaults, ...given };
}

function asRuleResource(resource: Pick<PolicyResource, "type" | "props" | "urn" | "name" | "provider"> & { opts?: { protect?: boolean; parent?: string } }): RuleResource {
  return {
    type: resource.type,
    props: resource.props,
    urn: resource.urn,
    name: resource.name,
    opts: resource.opts && { protect: resource.opts.protect, parent: resource.opts.parent },
    provider: resource.provider && { type: resource.provider.type, props: resource.provider.props },
  };
}

/**
 * The estimate during a real preview, from the stack's resources. A chart's rendered children are
 * resources here, so a chart that has children is not also priced from its values.
 */
function estimateStack(resources: readonly PolicyResource[], usage: UsageAssumptions): CostEstimate {
  const chartsWithChildren = new Set(resources.filter((r) => r.parent && isHelmChart(r.parent.type)).map((r) => r.parent?.urn));
  const types = resources.map((r) => r.type);
  const variant = types.some((t) => t.startsWith("gcp:")) ? "gcp" : types.some((t) => t.startsWith("azure-native:")) ? "azure" : "oss";
  return estimateResources({
    variant,
    stackUrn: resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn ?? "",
    resources: resources.filter((r) => !chartsWithChildren.has(r.urn)).map((r) => ({ type: r.type, props: fromPreviewProps(r.props), urn: r.urn, name: r.name })),
    usage,
  });
}

/** A rule as a CrossGuard policy: the same rule code, config from `--policy-pack-config`. */
export function toPolicy(rule: AnyRule): ResourceValidationPolicy | StackValidationPolicy {
  const common = { name: rule.name, description: rule.description, enforcementLevel: rule.enforcementLevel, severity: rule.severity, configSchema: schemaWithDefaults(rule) };
  if (rule.kind === "resource") {
    return {
      ...common,
      validateResource: (args, reportViolation) => rule.validate(asRuleResource(args), configOf(rule, args.getConfig<object>()), (message) => reportViolation(message)),
    };
  }
  return {
    ...common,
    validateStack: (args, reportViolation) => {
      const config = configOf(rule, args.getConfig<object>());
      const estimate = rule.needsEstimate ? estimateStack(args.resources, (config as { usage?: UsageAssumptions }).usage ?? {}) : undefined;
      rule.validate({ resources: args.resources.map(asRuleResource), estimate }, config, reportViolation);
    },
  };
}

/** The policies a pack registers. */
export function packPolicies(pack: PackName): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return PACK_RULES[pack].map(toPolicy);
}
