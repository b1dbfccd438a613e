/**
 * Resource types that cost nothing by themselves (IAM, networks without traffic, containers whose
 * data is priced elsewhere, Kubernetes objects other than those priced). A type that is neither priced
 * nor listed here is reported as not priced, so a new chargeable resource never counts as zero.
 */
const FREE_PROVIDERS = ["pulumi:", "batch-platform:", "random:", "tls:", "command:", "kubernetes:"];

const FREE_TYPES: readonly RegExp[] = [
  /IAM|Iam/,
  /^gcp:serviceaccount\//,
  /^gcp:projects\/service:Service$/,
  /^gcp:compute\/(network|subnetwork|firewall|route|router):/,
  /^gcp:storage\/(bucketAccessControl|defaultObjectAccessControl|bucketObject):/, // objects are in their bucket's usage
  /^gcp:bigquery\/(datasetAccess|table):/, // table storage is in the dataset's usage assumption
  /^gcp:kms\/keyRing:/,
  /^azure-native:resources:ResourceGroup$/,
  /^azure-native:authorization:/,
  /^azure-native:managedidentity:/,
  /^azure-native:network:(VirtualNetwork|Subnet|NetworkSecurityGroup|SecurityRule|RouteTable|PrivateDnsZoneGroup)$/,
  /^azure-native:privatedns:VirtualNetworkLink$/, // links without auto-registration: the zone is priced
  /^azure-native:storage:(StorageAccount|ManagementPolicy|BlobServiceProperties)$/, // data is priced per container
  /^azure-native:synapse:(IpFirewallRule|WorkspaceAadAdmin|WorkspaceManagedIdentitySqlControlSetting)$/,
  /^azure-native:databricks:AccessConnector$/,
  /^databricks:/, // clusters and jobs run on the workspace's DBU and VM usage assumptions
];

export function isFreeType(type: string): boolean {
  return FREE_PROVIDERS.some((prefix) => type.startsWith(prefix)) || FREE_TYPES.some((pattern) => pattern.test(type));
}
