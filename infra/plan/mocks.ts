import type * as pulumi from "@pulumi/pulumi";

type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockCallArgs = pulumi.runtime.MockCallArgs;

const FAKE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const FAKE_TENANT = "11111111-1111-1111-1111-111111111111";
const FAKE_GCP_PROJECT = "plan-project";

/** The physical name a resource would get: its explicit name input, else its logical name. */
function physicalName(args: MockResourceArgs): string {
  const inputs = args.inputs as Record<string, unknown>;
  // Most specific first: a container's inputs also name its account and resource group.
  for (const key of ["name", "containerName", "managementPolicyName", "blobServicesName", "tableId", "datasetId", "sqlPoolName", "workspaceName", "clusterName", "resourceName", "accountId", "accountName", "resourceGroupName"]) {
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
      case "gcp:organizations/getProject:getProject":
        return { projectId: FAKE_GCP_PROJECT, number: "123456789012", name: FAKE_GCP_PROJECT };
      case "gcp:organizations/getClientConfig:getClientConfig":
        return { project: FAKE_GCP_PROJECT, region: "", zone: "", accessToken: "plan-token", id: "plan" };
      default:
        return { ...args.inputs };
    }
  },
};
