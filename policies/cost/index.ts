// The cost pack: registers the cost rules with CrossGuard and nothing else.
import { PolicyPack } from "@pulumi/policy";
import { packPolicies } from "../crossguard/to-policy";

new PolicyPack("cost", { description: "batch-platform cost guardrails: budget, spot, sizes, lifecycle, labels.", policies: packPolicies("cost") });
