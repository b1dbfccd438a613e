// The placement pack: registers the placement rules with CrossGuard and nothing else.
import { PolicyPack } from "@pulumi/policy";
import { packPolicies } from "../crossguard/to-policy";

new PolicyPack("placement", { description: "batch-platform placement guardrails: regions, spot pools, zones, namespaces, pinned images.", policies: packPolicies("placement") });
