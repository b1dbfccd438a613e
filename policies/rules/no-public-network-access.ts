import type { ResourceRule } from "./rule";
import { chartName, isHelmChart, valuesVisible } from "../model/helm";
import { at, list, records, str } from "../model/values";

export type NoPublicNetworkAccessConfig = Record<string, never>;

const PUBLIC_MEMBERS = new Set(["allUsers", "allAuthenticatedUsers"]);

/** What makes storage or a warehouse reachable from the internet, per type, as a message; none when private. */
function publicAccess(type: string, props: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  switch (type) {
    case "gcp:storage/bucket:Bucket":
      if (str(props.publicAccessPrevention) !== "enforced") found.push("publicAccessPrevention is not enforced");
      break;
    case "gcp:sql/databaseInstance:DatabaseInstance":
      if (at(props, "settings.ipConfiguration.ipv4Enabled") !== false)
        found.push("settings.ipConfiguration.ipv4Enabled is not false (a public IP)");
      break;
    case "gcp:bigquery/dataset:Dataset":
      for (const access of records(props.accesses)) {
        if (PUBLIC_MEMBERS.has(str(access.iamMember) ?? "") || str(access.specialGroup) === "allAuthenticatedUsers")
          found.push("accesses grant the public");
      }
      break;
    case "azure-native:storage:StorageAccount":
      if (props.allowBlobPublicAccess !== false) found.push("allowBlobPublicAccess is not false");
      if (str(props.publicNetworkAccess) !== "Disabled" && str(at(props, "networkRuleSet.defaultAction")) !== "Deny") {
        found.push("public network access is neither Disabled nor default-deny (networkRuleSet.defaultAction Deny)");
      }
      break;
    case "azure-native:synapse:Workspace":
      if (str(props.publicNetworkAccess) !== "Disabled") found.push("publicNetworkAccess is not Disabled");
      break;
    default:
      // Any IAM member or binding handing a role to the public.
      if (/IAM(Member|Binding)$/.test(type)) {
        const members = [str(props.member), ...list(props.members).map((m) => str(m))];
        if (members.some((m) => m !== undefined && PUBLIC_MEMBERS.has(m)))
          found.push(`grants ${str(props.role) ?? "a role"} to the public`);
      }
  }
  return found;
}

/**
 * Storage and warehouses are private: no public buckets or blob access, no public network endpoint
 * (Cloud SQL public IP, Synapse or storage accounts open to the internet), no IAM grant to the public,
 * no bucket policy that lets anonymous callers in.
 */
export const noPublicNetworkAccess: ResourceRule<NoPublicNetworkAccessConfig> = {
  kind: "resource",
  pack: "security",
  name: "no-public-network-access",
  description:
    "Storage and warehouses have no public access: " +
    "no public buckets, public IPs, open network access or public IAM grants.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  defaults: {},
  validate(resource, _config, report) {
    if (isHelmChart(resource.type)) {
      const values = resource.props.values;
      if (chartName(resource.props) !== "minio" || !valuesVisible(values)) return;
      for (const bucket of records(values.buckets)) {
        const policy = str(bucket.policy);
        if (policy && policy !== "none")
          report(
            `chart minio bucket ${str(bucket.name) ?? "?"} has policy ${policy} (anonymous access); ` +
              "to comply, set policy none.",
          );
      }
      return;
    }
    for (const problem of publicAccess(resource.type, resource.props)) {
      report(
        `${resource.type} ${resource.name}: ${problem}; ` +
          "to comply, keep it private (private endpoints, no public grants).",
      );
    }
  },
};
