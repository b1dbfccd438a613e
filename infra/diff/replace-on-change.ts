/**
 * Properties whose change makes the provider replace the resource (delete + create) instead of
 * updating it in place — maintained by hand for the resource types this project uses, from the
 * providers' schemas (ForceNew / immutable fields). Data, not logic: add a row when a component
 * starts using a new type. Paths are dotted input paths; a change anywhere under one counts.
 * `*` means every input (the random provider replaces on any change).
 * When unsure whether a property is updatable, list it: a false "replace" costs a look, a missed
 * one can cost a bucket.
 */
export const REPLACE_ON_CHANGE: { readonly [type: string]: readonly string[] } = {
  // --- GCP -------------------------------------------------------------------------------------
  "gcp:storage/bucket:Bucket": ["name", "location", "project"],
  "gcp:storage/bucketObject:BucketObject": ["name", "bucket", "content", "source", "contentType"],
  "gcp:storage/bucketIAMMember:BucketIAMMember": ["bucket", "role", "member", "condition"],
  "gcp:bigquery/dataset:Dataset": ["datasetId", "location", "project"],
  "gcp:bigquery/table:Table": ["tableId", "datasetId", "project", "timePartitioning.field", "rangePartitioning"],
  "gcp:bigquery/datasetIamMember:DatasetIamMember": ["datasetId", "role", "member", "project"],
  "gcp:container/cluster:Cluster": [
    "name",
    "location",
    "project",
    "network",
    "subnetwork",
    "initialNodeCount",
    "ipAllocationPolicy",
    "privateClusterConfig.enablePrivateNodes",
    "enableAutopilot",
    "networkingMode",
    "nodeConfig",
  ],
  "gcp:container/nodePool:NodePool": [
    "name",
    "namePrefix",
    "location",
    "cluster",
    "project",
    "initialNodeCount",
    "maxPodsPerNode",
    "networkConfig",
    "nodeConfig.spot",
    "nodeConfig.preemptible",
    "nodeConfig.serviceAccount",
    "nodeConfig.oauthScopes",
    "nodeConfig.localSsdCount",
    "nodeConfig.guestAccelerators",
  ],
  "gcp:compute/network:Network": ["name", "project", "autoCreateSubnetworks"],
  "gcp:compute/subnetwork:Subnetwork": ["name", "network", "region", "project"],
  "gcp:serviceaccount/account:Account": ["accountId", "project"],
  "gcp:serviceaccount/iAMMember:IAMMember": ["serviceAccountId", "role", "member", "condition"],
  "gcp:projects/iAMMember:IAMMember": ["project", "role", "member", "condition"],
  "gcp:projects/service:Service": ["service", "project"],
  "gcp:dataflow/flexTemplateJob:FlexTemplateJob": ["name", "region", "project", "containerSpecGcsPath"],
  "gcp:artifactregistry/repository:Repository": ["repositoryId", "location", "format", "project"],
  "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember": [
    "repository",
    "location",
    "project",
    "role",
    "member",
    "condition",
  ],
  "gcp:compute/firewall:Firewall": ["name", "network", "project", "direction"],
  "gcp:compute/router:Router": ["name", "network", "region", "project"],
  "gcp:compute/routerNat:RouterNat": ["name", "router", "region", "project"],
  "gcp:sql/databaseInstance:DatabaseInstance": ["name", "region", "project", "masterInstanceName", "encryptionKeyName"],
  "gcp:sql/database:Database": ["name", "instance", "project"],
  "gcp:sql/user:User": ["name", "instance", "host", "project", "type"],
  // The private services range and its peering, which Cloud SQL's private IP rides on.
  "gcp:compute/globalAddress:GlobalAddress": [
    "name",
    "project",
    "address",
    "addressType",
    "description",
    "ipVersion",
    "network",
    "prefixLength",
    "purpose",
  ],
  "gcp:servicenetworking/connection:Connection": ["network", "service"],
  // --- Azure -----------------------------------------------------------------------------------
  "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
  "azure-native:storage:StorageAccount": [
    "accountName",
    "resourceGroupName",
    "location",
    "isHnsEnabled",
    "kind",
    "enableNfsV3",
  ],
  "azure-native:storage:BlobContainer": ["containerName", "accountName", "resourceGroupName"],
  "azure-native:storage:ManagementPolicy": ["managementPolicyName", "accountName", "resourceGroupName"],
  "azure-native:storage:BlobServiceProperties": ["blobServicesName", "accountName", "resourceGroupName"],
  "azure-native:containerservice:ManagedCluster": [
    "resourceName",
    "resourceGroupName",
    "location",
    "dnsPrefix",
    "nodeResourceGroup",
    "networkProfile.networkPlugin",
    "networkProfile.serviceCidr",
    "networkProfile.dnsServiceIP",
    "apiServerAccessProfile.enablePrivateCluster",
  ],
  "azure-native:containerservice:AgentPool": [
    "agentPoolName",
    "resourceName",
    "resourceGroupName",
    "vmSize",
    "osDiskSizeGB",
    "osDiskType",
    "osType",
    "scaleSetPriority",
    "availabilityZones",
    "vnetSubnetID",
    "maxPods",
  ],
  "azure-native:synapse:Workspace": [
    "workspaceName",
    "resourceGroupName",
    "location",
    "defaultDataLakeStorage",
    "managedResourceGroupName",
    "managedVirtualNetwork",
  ],
  "azure-native:synapse:SqlPool": [
    "sqlPoolName",
    "workspaceName",
    "resourceGroupName",
    "location",
    "collation",
    "createMode",
  ],
  "azure-native:databricks:Workspace": [
    "workspaceName",
    "resourceGroupName",
    "location",
    "managedResourceGroupId",
    "parameters",
    "computeMode",
  ],
  "azure-native:databricks:AccessConnector": ["connectorName", "resourceGroupName", "location"],
  "azure-native:network:PrivateEndpoint": [
    "privateEndpointName",
    "resourceGroupName",
    "location",
    "subnet",
    "customNetworkInterfaceName",
  ],
  "azure-native:authorization:RoleAssignment": ["roleAssignmentName", "scope", "principalId", "roleDefinitionId"],
  "azure-native:managedidentity:UserAssignedIdentity": ["resourceName", "resourceGroupName", "location"],
  "azure-native:managedidentity:FederatedIdentityCredential": [
    "federatedIdentityCredentialResourceName",
    "resourceName",
    "resourceGroupName",
    "issuer",
    "subject",
  ],
  "azure-native:keyvault:Vault": ["vaultName", "resourceGroupName", "location"],
  "azure-native:network:VirtualNetwork": ["virtualNetworkName", "resourceGroupName", "location"],
  "azure-native:network:Subnet": ["subnetName", "virtualNetworkName", "resourceGroupName"],
  // --- Databricks (Unity Catalog) ------------------------------------------------------------------
  "databricks:index/catalog:Catalog": ["storageRoot", "providerName", "shareName", "connectionName"],
  "databricks:index/schema:Schema": ["catalogName", "storageRoot"],
  // --- Kubernetes (plus the generic rows in KUBERNETES_REPLACE_ON_CHANGE) ---------------------------
  "kubernetes:core/v1:Secret": ["type"],
  "kubernetes:apps/v1:StatefulSet": [
    "spec.selector",
    "spec.volumeClaimTemplates",
    "spec.serviceName",
    "spec.podManagementPolicy",
  ],
  "kubernetes:apps/v1:Deployment": ["spec.selector"],
  "kubernetes:apps/v1:DaemonSet": ["spec.selector"],
  "kubernetes:batch/v1:Job": ["spec.selector", "spec.template", "spec.completions", "spec.completionMode"],
  "kubernetes:core/v1:PersistentVolumeClaim": [
    "spec.storageClassName",
    "spec.accessModes",
    "spec.volumeMode",
    "spec.volumeName",
    "spec.selector",
    "spec.dataSource",
  ],
  "kubernetes:core/v1:PersistentVolume": [
    "spec.storageClassName",
    "spec.volumeMode",
    "spec.csi",
    "spec.hostPath",
    "spec.nfs",
    "spec.local",
  ],
  "kubernetes:core/v1:Service": ["spec.clusterIP", "spec.clusterIPs"],
  "kubernetes:storage.k8s.io/v1:StorageClass": ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"],
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": ["roleRef"],
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": ["roleRef"],
  "kubernetes:helm.sh/v3:Release": ["name", "namespace"],
  "kubernetes:helm.sh/v4:Chart": ["name", "namespace"],
  // --- random (every input is a keeper) ---------------------------------------------------------
  "random:index/randomPassword:RandomPassword": ["*"],
  "random:index/randomString:RandomString": ["*"],
  "random:index/randomId:RandomId": ["*"],
  "random:index/randomPet:RandomPet": ["*"],
};

/** Identity of any Kubernetes object: renaming or moving it creates a new object. */
export const KUBERNETES_REPLACE_ON_CHANGE: readonly string[] = ["metadata.name", "metadata.namespace"];

/** The replace-on-change paths for a type token. */
export function replaceOnChangePaths(type: string): readonly string[] {
  const own = REPLACE_ON_CHANGE[type] ?? [];
  // Helm charts and ConfigGroups are not objects themselves; their `metadata` (if any) is not an identity.
  const isObject =
    type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/") && !type.startsWith("kubernetes:yaml");
  return isObject ? [...KUBERNETES_REPLACE_ON_CHANGE, ...own] : own;
}
