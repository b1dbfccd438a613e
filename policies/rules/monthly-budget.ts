import type { StackRule } from "./rule";
import { usageSchema, type UsageAssumptions } from "../pricing/usage";

export interface MonthlyBudgetConfig {
  /** The environment's monthly budget in USD. */
  readonly maxMonthlyUsd: number;
  /** The usage assumptions the estimate rests on (see `pricing/usage.ts`). */
  readonly usage: UsageAssumptions;
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** The stack's estimated monthly cost stays within the environment's budget. */
export const monthlyBudget: StackRule<MonthlyBudgetConfig> = {
  kind: "stack",
  pack: "cost",
  name: "monthly-budget",
  description: "The stack's estimated monthly cost stays within the environment's budget.",
  severity: "high",
  enforcementLevel: "advisory",
  needsEstimate: true,
  configSchema: {
    properties: { maxMonthlyUsd: { type: "number", minimum: 0 }, usage: usageSchema },
    required: ["maxMonthlyUsd"],
  },
  defaults: { maxMonthlyUsd: 1000, usage: {} },
  validate(stack, config, report) {
    const estimate = stack.estimate;
    if (!estimate) throw new Error("monthly-budget needs the cost estimate; the runner must pass it");
    if (estimate.monthlyUsd <= config.maxMonthlyUsd) return;
    const top = [...estimate.lines]
      .sort((a, b) => b.monthlyUsd - a.monthlyUsd || (a.item < b.item ? -1 : 1))
      .slice(0, 3)
      .map((line) => `${line.item} ${usd(line.monthlyUsd)}`)
      .join(", ");
    const unpriced = estimate.notPriced.length > 0 ? `; ${estimate.notPriced.length} resource(s) not priced, so the real cost is higher` : "";
    report(
      `estimated ${usd(estimate.monthlyUsd)}/month exceeds the budget of ${usd(config.maxMonthlyUsd)}/month by ${usd(estimate.monthlyUsd - config.maxMonthlyUsd)} (largest: ${top})${unpriced}. ` +
        `To comply, bring the estimate to ${usd(config.maxMonthlyUsd)} or less (fewer or smaller nodes, spot, shorter retention) or raise monthly-budget.maxMonthlyUsd for this environment.`,
    );
  },
};
