// The security pack: registers the security rules with CrossGuard and nothing else.
import { PolicyPack } from "@pulumi/policy";
import { packPolicies } from "../crossguard/to-policy";

new PolicyPack("security", {
  description:
    "batch-platform security: TLS and authentication on listeners, lake credentials, secrets, " +
    "securityContext, protection, public access.",
  policies: packPolicies("security"),
});
