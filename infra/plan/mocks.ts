import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockCallArgs = pulumi.runtime.MockCallArgs;

const FAKE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const FAKE_TENANT = "11111111-1111-1111-1111-111111111111";
const FAKE_GCP_PROJECT = "plan-project";

/** A GUID derived from a seed: the same plan gets the same ids (client, principal, workspace ids). */
function planGuid(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The user kubeconfig AKS returns in `exec` format: kubelogin with devicecode, no credential. */
function aksUserKubeconfig(cluster: string): string {
  const id = `${cluster}`;
  const yaml = [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    `  - name: ${id}`,
    "    cluster:",
    `      server: https://${cluster}-plan.hcp.westeurope.azmk8s.io:443`,
    "      certificate-authority-data: cGxhbi1jYQ==",
    "contexts:",
    `  - name: ${id}`,
    "    context:",
    `      cluster: ${id}`,
    `      user: clusterUser_${id}`,
    `current-context: ${id}`,
    "users:",
    `  - name: clusterUser_${id}`,
    "    user:",
    "      exec:",
    "        apiVersion: client.authentication.k8s.io/v1beta1",
    "        command: kubelogin",
    "        args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, devicecode]",
    "        provideClusterInfo: false",
    "        interactiveMode: IfAvailable",
  ].join("\n");
  return Buffer.from(yaml, "utf8").toString("base64");
}

/** The physical name a resource would get: its explicit name input, else its logical name. */
function physicalName(args: MockResourceArgs): string {
  const inputs = args.inputs as Record<string, unknown>;
  // Most specific first: a container's inputs also name its account and resource group.
  for (const key of [
    ...["name", "containerName", "managementPolicyName", "blobServicesName", "tableId", "datasetId", "sqlPoolName"],
    ...["agentPoolName", "federatedIdentityCredentialResourceName", "subnetName", "privateDnsZoneGroupName", "privateEndpointName"],
    ...["virtualNetworkLinkName", "privateZoneName", "networkSecurityGroupName", "virtualNetworkName", "connectorName"],
    ...["ruleName", "firewallRuleName", "workspaceName", "clusterName", "resourceName", "accountId", "accountName", "resourceGroupName"],
  ]) {
    if (typeof inputs[key] === "string") return inputs[key];
  }
  return args.name;
}

/** Outputs the providers compute that programs read (URLs, emails, generated values). */
function computedState(args: MockResourceArgs, name: string): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  const project = typeof inputs.project === "string" ? inputs.project : FAKE_GCP_PROJECT;
  switch (args.type) {
    case "random:index/randomPassword:RandomPassword":
    case "random:index/randomString:RandomString":
      return { result: `plan-random-${args.name}`, bcryptHash: `plan-bcrypt-${args.name}` };
    case "random:index/randomId:RandomId":
      return { hex: "0123abcd", b64Url: "ASOrzQ", dec: "19114957" };
    case "gcp:storage/bucket:Bucket":
      return { url: `gs://${name}`, selfLink: `https://www.googleapis.com/storage/v1/b/${name}`, project };
    case "gcp:serviceaccount/account:Account":
      return { email: `${inputs.accountId}@${project}.iam.gserviceaccount.com`, uniqueId: "100000000000000000000", member: `serviceAccount:${inputs.accountId}@${project}.iam.gserviceaccount.com`, project };
    case "azure-native:containerservice:ManagedCluster":
      return {
        fqdn: `${name}-plan.hcp.westeurope.azmk8s.io`,
        oidcIssuerProfile: { enabled: true, issuerURL: `https://westeurope.oic.prod-aks.azure.com/${FAKE_TENANT}/${planGuid(`oidc:${name}`)}/` },
      };
    case "azure-native:managedidentity:UserAssignedIdentity":
      return { clientId: planGuid(`client:${name}`), principalId: planGuid(`principal:${name}`), tenantId: FAKE_TENANT };
    case "azure-native:databricks:AccessConnector":
      return { identity: { type: "SystemAssigned", principalId: planGuid(`principal:${name}`), tenantId: FAKE_TENANT } };
    case "azure-native:databricks:Workspace":
      return { workspaceId: "1234567890123456", workspaceUrl: "adb-1234567890123456.7.azuredatabricks.net" };
    case "azure-native:synapse:Workspace":
      return {
        connectivityEndpoints: { sql: `${name}.sql.azuresynapse.net`, sqlOnDemand: `${name}-ondemand.sql.azuresynapse.net`, dev: `https://${name}.dev.azuresynapse.net` },
        identity: { ...(inputs.identity as object), principalId: planGuid(`principal:${name}`), tenantId: FAKE_TENANT },
      };
    case "azure-native:storage:StorageAccount":
      return { primaryEndpoints: { dfs: `https://${name}.dfs.core.windows.net/`, blob: `https://${name}.blob.core.windows.net/` } };
    case "gcp:container/cluster:Cluster":
      return { endpoint: "203.0.113.10", masterAuth: { clusterCaCertificate: "cGxhbi1jYQ==" }, project };
    default:
      return {};
  }
}

/** An ID shaped like the cloud's, so code that parses IDs works. */
function mockId(args: MockResourceArgs, name: string): string {
  if (args.type.startsWith("azure-native:")) {
    return `/subscriptions/${FAKE_SUBSCRIPTION}/resourceGroups/plan-rg/providers/${args.type.split(":")[1]}/${name}`;
  }
  return `${name}-id`;
}

/**
 * The Kubernetes provider's components (ConfigGroup v2, Chart v4): their one output is `resources`,
 * known only after deployment; their inputs (every manifest, the chart values) are not outputs. Not
 * echoing them spares the largest inputs of a plan a second serialization round trip.
 */
const INPUTS_NOT_OUTPUTS = new Set(["kubernetes:yaml/v2:ConfigGroup", "kubernetes:helm.sh/v4:Chart"]);

/**
 * Deterministic mocks: every resource echoes its inputs (but those of {@link INPUTS_NOT_OUTPUTS})
 * plus what the provider would compute, so the plan is reproducible byte for byte. Nothing here
 * talks to a cloud.
 */
export const planMocks: pulumi.runtime.Mocks = {
  newResource(args: MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const name = physicalName(args);
    const echoed = INPUTS_NOT_OUTPUTS.has(args.type) ? {} : args.inputs;
    return { id: mockId(args, name), state: { ...echoed, name, ...computedState(args, name) } };
  },
  call(args: MockCallArgs): Record<string, unknown> {
    switch (args.token) {
      case "azure-native:authorization:getClientConfig":
        return { clientId: "22222222-2222-2222-2222-222222222222", objectId: "33333333-3333-3333-3333-333333333333", subscriptionId: FAKE_SUBSCRIPTION, tenantId: FAKE_TENANT };
      case "azure-native:containerservice:listManagedClusterUserCredentials":
        return { kubeconfigs: [{ name: "clusterUser", value: aksUserKubeconfig(String(args.inputs.resourceName)) }] };
      case "gcp:organizations/getProject:getProject":
        return { projectId: FAKE_GCP_PROJECT, number: "123456789012", name: FAKE_GCP_PROJECT };
      case "gcp:organizations/getClientConfig:getClientConfig":
        return { project: FAKE_GCP_PROJECT, region: "", zone: "", accessToken: "plan-token", id: "plan" };
      default:
        return { ...args.inputs };
    }
  },
};
