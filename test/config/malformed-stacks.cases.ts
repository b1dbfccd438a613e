import type { BaseStack, StackEdit } from "../helpers/stack-files";

/** A stack file with one thing wrong, and the problem line the plan must print for it. */
export interface MalformedStack {
  /** What is wrong, as the test title. */
  readonly what: string;
  readonly base: BaseStack;
  readonly edits: readonly StackEdit[];
  /** The full key path the problem line starts with. @default the (first) edited key path */
  readonly key: string;
  /** What follows "got " on that line. @default the JSON of the (first) edited value */
  readonly got: string;
}

interface Options {
  readonly key?: string;
  readonly got?: string;
  readonly also?: readonly StackEdit[];
}

function bad(what: string, base: BaseStack, keyPath: string, value: unknown, options: Options = {}): MalformedStack {
  return {
    what,
    base,
    edits: [[keyPath, value], ...(options.also ?? [])],
    key: options.key ?? keyPath,
    got: options.got ?? (value === undefined ? "nothing" : JSON.stringify(value)),
  };
}

const P = "batch-platform:";
const long = (n: number) => "a".repeat(n);

/** Top-level keys, namespaces, secrets. */
const general: MalformedStack[] = [
  bad("an unknown variant", "oss-dev", `${P}variant`, "aws"),
  bad("a variant given as a number", "oss-dev", `${P}variant`, 3),
  bad("an unknown environment", "oss-dev", `${P}environment`, "qa"),
  bad("a missing environment", "gcp-dev", `${P}environment`, undefined),
  bad("a missing region", "oss-dev", `${P}region`, undefined),
  bad("an Azure region on a gcp stack", "gcp-dev", `${P}region`, "westeurope"),
  bad("a GCP region on an azure stack", "azure-dev", `${P}region`, "europe-west4"),
  bad("a region label with spaces", "oss-dev", `${P}region`, "EU Central"),
  bad("a region with a shell command", "gcp-prod", `${P}region`, "europe-west4; rm -rf /"),
  bad("a one-letter name prefix", "oss-dev", `${P}namePrefix`, "A"),
  bad("a name prefix with a dash", "gcp-dev", `${P}namePrefix`, "acme-bp"),
  bad("a name prefix too long for bucket names", "azure-dev", `${P}namePrefix`, "abcdefghijklmnop"),
  bad("a numeric name prefix", "oss-dev", `${P}namePrefix`, 123),
  bad("an unknown top-level key", "oss-dev", `${P}colour`, "blue"),
  bad("a misspelt top-level key", "oss-dev", `${P}pipeline`, ["orders"], { got: `["orders"]` }),
  bad("a misspelt namespace", "oss-dev", "batch-platfrom:region", "eu-central", { key: "batch-platfrom:region" }),
  bad("a namespace of no provider the program uses", "gcp-dev", "aws:region", "eu-west-1", { key: "aws:region" }),
  bad("protectData as a word", "oss-dev", `${P}protectData`, "yes"),
  bad("protectData as a number", "gcp-dev", `${P}protectData`, 1),
  bad(
    "a kubeconfig on a gcp stack (secure)",
    "gcp-dev",
    `${P}kubeconfig`,
    { secure: "v1:abc:ZGVm" },
    { got: "[secret]" },
  ),
  bad(
    "a kubeconfig on an azure stack (plain text, still masked)",
    "azure-dev",
    `${P}kubeconfig`,
    "apiVersion: v1\nclusters: []",
    { got: "[secret]" },
  ),
  bad("an empty kubeconfig", "oss-dev", `${P}kubeconfig`, "", { got: "[secret]" }),
  bad(
    "a secure name prefix that does not fit",
    "oss-dev",
    `${P}namePrefix`,
    { secure: "v1:abc:ZGVm" },
    { got: "[secret]" },
  ),
  bad("the Google project missing on a gcp stack", "gcp-dev", "gcp:project", undefined, { key: "gcp:project" }),
  bad("a Google project id with capitals", "gcp-prod", "gcp:project", "Bad_Project", { key: "gcp:project" }),
];

const labels: MalformedStack[] = [
  bad("a cost center with spaces and capitals", "oss-dev", `${P}labels.costCenter`, "Data Platform"),
  bad("an owner starting with a dash", "gcp-dev", `${P}labels.owner`, "-team"),
  bad("an owner ending with a dash", "azure-dev", `${P}labels.owner`, "team-"),
  bad("an owner longer than a label value", "oss-dev", `${P}labels.owner`, long(64), { got: `"${long(56)}...` }),
  bad("a template in a label", "gcp-prod", `${P}labels.costCenter`, "{{ .Values.team }}"),
  bad("labels as text", "oss-dev", `${P}labels`, "data-team"),
  bad("a missing owner", "oss-dev", `${P}labels.owner`, undefined),
  bad("an unknown label key", "gcp-dev", `${P}labels.team`, "data"),
  bad("an unversioned landing zone in prod", "oss-prod", `${P}lake.zones.landing.versioning`, false),
  bad("curated expiring before the weekly package-mirror refresh", "oss-dev", `${P}lake.zones.curated.retentionDays`, 7),
  bad("a secure owner label (labels are plain text on every resource)", "oss-dev", `${P}labels.owner`, { secure: "v1:abc:ZGVm" }, {
    key: `${P}labels`,
    got: "[secret]",
  }),
  bad("a secure chart value (Airflow's worker memory)", "oss-prod", `${P}oss.airflow.worker.memory`, { secure: "v1:abc:ZGVm" }, {
    key: `${P}oss`,
    got: "[secret]",
  }),
];

const cluster: MalformedStack[] = [
  bad("a kube context on a gcp stack", "gcp-dev", `${P}cluster.context`, "prod"),
  bad("a kube context with a shell command", "oss-prod", `${P}cluster.context`, "prod; rm -rf /"),
  bad("no zones", "gcp-prod", `${P}cluster.zones`, [], { got: "[]" }),
  bad("six zones", "gcp-prod", `${P}cluster.zones`, ["a", "b", "c", "d", "e", "f"], {
    got: `["a","b","c","d","e","f"]`,
  }),
  bad("a zone of another region", "gcp-prod", `${P}cluster.zones[0]`, "us-central1-a"),
  bad("a zone with a shell command", "gcp-prod", `${P}cluster.zones[1]`, "europe-west4-b; rm -rf /"),
  bad("an Azure zone that does not exist", "azure-dev", `${P}cluster.zones[0]`, "4"),
  // Airflow's metadata database runs three instances in prod, one per zone (required anti-affinity).
  bad("two zones for three metadata database instances (PostgresCluster's rule)", "azure-prod", `${P}cluster.zones`, ["1", "2"], {
    got: "2 zones",
  }),
  bad("an OSS zone label with a space", "oss-prod", `${P}cluster.zones[2]`, "Zone C"),
  bad("the same zone twice", "gcp-prod", `${P}cluster.zones[2]`, "europe-west4-a"),
  bad("zones as one string", "gcp-prod", `${P}cluster.zones`, "europe-west4-a"),
  bad("a made-up GCP machine type", "gcp-prod", `${P}cluster.nodePools.batch.machineType`, "n2-superfast-64"),
  bad(
    "an Azure machine type on a gcp stack",
    "gcp-prod",
    `${P}cluster.nodePools.system.machineType`,
    "Standard_D4s_v5",
  ),
  bad(
    "a GCP machine type on an azure stack",
    "azure-dev",
    `${P}cluster.nodePools.stateful.machineType`,
    "e2-standard-4",
  ),
  bad(
    "an OSS machine type with a shell command",
    "oss-prod",
    `${P}cluster.nodePools.batch.machineType`,
    "16vcpu; rm -rf /",
  ),
  bad("negative minNodes", "gcp-prod", `${P}cluster.nodePools.stateful.minNodes`, -1),
  bad("zero maxNodes", "gcp-prod", `${P}cluster.nodePools.batch.maxNodes`, 0),
  bad("minNodes above maxNodes", "gcp-prod", `${P}cluster.nodePools.batch.minNodes`, 12),
  bad("the system pool on spot", "oss-prod", `${P}cluster.nodePools.system.spot`, true),
  bad("minNodes as a word", "azure-dev", `${P}cluster.nodePools.batch.minNodes`, "two"),
  bad("fractional minNodes", "gcp-prod", `${P}cluster.nodePools.stateful.minNodes`, 1.5),
  bad("an hourly price on a gcp stack", "gcp-prod", `${P}cluster.nodePools.batch.hourlyUsd`, 0.2),
  bad("a negative hourly price", "oss-prod", `${P}cluster.nodePools.batch.hourlyUsd`, -0.24),
  bad("an hourly price as a word", "oss-prod", `${P}cluster.nodePools.system.hourlyUsd`, "cheap"),
  bad("a missing batch pool", "gcp-prod", `${P}cluster.nodePools.batch`, undefined),
  bad(
    "an unknown pool",
    "gcp-prod",
    `${P}cluster.nodePools.gpu`,
    { machineType: "n2-standard-8", minNodes: 0, maxNodes: 1 },
    { got: `{"machineType":"n2-standard-8","minNodes":0,"maxNodes":1}` },
  ),
  bad("a GKE system pool scaled to zero (GkeCluster's rule)", "gcp-prod", `${P}cluster.nodePools.system.minNodes`, 0),
  bad("spot as a word", "gcp-prod", `${P}cluster.nodePools.batch.spot`, "maybe"),
];

const lake: MalformedStack[] = [
  bad("no lake", "oss-dev", `${P}lake`, undefined),
  bad("a missing zone", "gcp-dev", `${P}lake.zones.landing`, undefined),
  bad("negative retention", "gcp-dev", `${P}lake.zones.landing.retentionDays`, -3),
  bad("zero retention", "oss-dev", `${P}lake.zones.processing.retentionDays`, 0),
  bad("fractional retention", "azure-dev", `${P}lake.zones.curated.retentionDays`, 1.5),
  bad("retention as a word", "gcp-dev", `${P}lake.zones.landing.retentionDays`, "forever"),
  bad("retention beyond a century", "oss-dev", `${P}lake.zones.landing.retentionDays`, 40000),
  bad("cold tiering after expiry", "gcp-prod", `${P}lake.zones.landing.coldAfterDays`, 45),
  bad("cold tiering on MinIO", "oss-dev", `${P}lake.zones.curated.coldAfterDays`, 30),
  bad("an Azure tier on a gcp stack", "gcp-dev", `${P}lake.zones.landing.storageClass`, "Cool"),
  bad("a storage class on MinIO", "oss-dev", `${P}lake.zones.landing.storageClass`, "STANDARD"),
  bad("an unknown storage class", "gcp-prod", `${P}lake.zones.curated.storageClass`, "Premium"),
  bad("versioning as a word", "oss-dev", `${P}lake.zones.landing.versioning`, "yes"),
  bad("versioning capitalised", "gcp-dev", `${P}lake.zones.processing.versioning`, "True"),
  bad("a misspelt zone setting", "oss-dev", `${P}lake.zones.landing.retentoinDays`, 3),
  bad("redundancy on a gcp stack", "gcp-dev", `${P}lake.redundancy`, "ZRS"),
  bad("an unknown redundancy", "azure-dev", `${P}lake.redundancy`, "RAGRS"),
  bad("MinIO settings on a gcp stack", "gcp-dev", `${P}lake.minio`, { servers: 1 }, { got: `{"servers":1}` }),
  bad("two MinIO servers", "oss-dev", `${P}lake.minio.servers`, 2),
  bad("no MinIO server", "oss-dev", `${P}lake.minio.servers`, 0),
  bad("64 MinIO servers", "oss-prod", `${P}lake.minio.servers`, 64),
  bad("no drive per server", "oss-prod", `${P}lake.minio.drivesPerServer`, 0),
  bad("a volume size in GB", "oss-dev", `${P}lake.minio.volumeSize`, "10GB"),
  bad("a volume size in milli-bytes", "oss-dev", `${P}lake.minio.volumeSize`, "512m"),
  bad("a volume size without a unit", "oss-prod", `${P}lake.minio.volumeSize`, "100"),
  bad("a storage class with a newline and a command", "oss-prod", `${P}lake.minio.storageClassName`, "fast\nrm -rf /"),
  bad("a storage class with capitals and _", "oss-prod", `${P}lake.minio.storageClassName`, "Premium_SSD"),
  bad("a storage class that is a command", "oss-dev", `${P}lake.minio.storageClassName`, "rm -rf /"),
  bad("a TLS secret name that is a template", "oss-prod", `${P}lake.minio.tlsSecretName`, "{{ .Values.tls }}"),
  bad("a TLS secret name starting with a dash", "oss-prod", `${P}lake.minio.tlsSecretName`, "-tls"),
  bad("MinIO CPU as a word", "oss-dev", `${P}lake.minio.cpu`, "lots"),
  bad("MinIO CPU in Gi", "oss-prod", `${P}lake.minio.cpu`, "1Gi"),
  bad("zero MinIO CPU", "oss-dev", `${P}lake.minio.cpu`, "0"),
  bad("MinIO memory in bytes", "oss-dev", `${P}lake.minio.memory`, "4"),
  bad("MinIO memory as a number", "oss-prod", `${P}lake.minio.memory`, 4),
  bad("MinIO memory in GB", "oss-dev", `${P}lake.minio.memory`, "4GB"),
  bad("an unknown MinIO setting", "oss-dev", `${P}lake.minio.replicas`, 3),
];

const oss: MalformedStack[] = [
  bad(
    "oss settings on a gcp stack",
    "gcp-dev",
    `${P}oss`,
    { network: { packageDownloads: false } },
    { got: `{"network":{"packageDownloads":false}}` },
  ),
  bad("the lake in kube-system", "oss-dev", `${P}oss.namespaces.lake.name`, "kube-system"),
  bad("Airflow in default", "oss-dev", `${P}oss.namespaces.orchestration.name`, "default"),
  bad("the warehouse in kube-public", "oss-prod", `${P}oss.namespaces.serving.name`, "kube-public"),
  bad("Trino in kube-node-lease", "oss-dev", `${P}oss.namespaces.query.name`, "kube-node-lease"),
  bad("Zeppelin in another kube- namespace", "oss-dev", `${P}oss.namespaces.explore.name`, "kube-extra"),
  bad("a namespace with capitals", "oss-dev", `${P}oss.namespaces.lake.name`, "Lake"),
  bad("a namespace with _", "oss-prod", `${P}oss.namespaces.processing.name`, "spark_jobs"),
  bad("a namespace longer than a DNS label", "oss-dev", `${P}oss.namespaces.lake.name`, long(64), {
    got: `"${long(56)}...`,
  }),
  bad("two roles in one namespace (ClusterLayout's rule)", "oss-dev", `${P}oss.namespaces.orchestration.name`, "lake"),
  bad("a privileged Pod Security level", "oss-dev", `${P}oss.namespaces.processing.podSecurity`, "privileged"),
  bad("a CPU budget as words", "oss-prod", `${P}oss.namespaces.lake.budget.requests.cpu`, "a lot"),
  bad("a memory budget in GB", "oss-prod", `${P}oss.namespaces.lake.budget.requests.memory`, "20GB"),
  bad("a negative pod budget", "oss-prod", `${P}oss.namespaces.query.budget.pods`, -1),
  bad("a storage budget in TB", "oss-prod", `${P}oss.namespaces.serving.budget.storage`, "5TB"),
  bad("requests above limits (the budget's rule)", "oss-prod", `${P}oss.namespaces.explore.budget.requests.cpu`, "16", {
    got: "16",
  }),
  bad("an unknown role", "oss-dev", `${P}oss.namespaces.monitoring`, { budget: {} }, { got: `{"budget":{}}` }),
  bad("TLS turned off outside dev", "oss-prod", `${P}oss.tls.enabled`, false),
  bad("TLS enabled as a string", "oss-dev", `${P}oss.tls.enabled`, "sometimes"),
  bad("an issuer of a kind cert-manager does not have", "oss-prod", `${P}oss.tls.issuer.kind`, "CertIssuer", {
    also: [[`${P}oss.tls.issuer.name`, "corp-ca"]],
  }),
  bad("an API server CIDR that is not one", "oss-prod", `${P}oss.network.apiServerCidrs[0]`, "999.20.0.0/99"),
  bad("an API server CIDR with host bits", "oss-prod", `${P}oss.network.apiServerCidrs[0]`, "10.20.0.1/28"),
  bad("an API server CIDR with prefix 33", "oss-prod", `${P}oss.network.apiServerCidrs[0]`, "10.20.0.0/33"),
  bad("an API server CIDR with a leading zero", "oss-prod", `${P}oss.network.apiServerCidrs[0]`, "010.20.0.0/28"),
  bad("no API server CIDR", "oss-prod", `${P}oss.network.apiServerCidrs`, [], { got: "[]" }),
  bad("API server CIDRs as one string", "oss-prod", `${P}oss.network.apiServerCidrs`, "10.0.0.0/8"),
  bad("API server port 0", "oss-prod", `${P}oss.network.apiServerPorts[0]`, 0),
  bad("API server port 70000", "oss-prod", `${P}oss.network.apiServerPorts[0]`, 70000),
  bad("package downloads as a word", "oss-dev", `${P}oss.network.packageDownloads`, "sometimes"),
  bad("package downloads off, and no image that has the jars", "oss-prod", `${P}oss.network.packageDownloads`, false),
  bad("package downloads off, and no notebook image that has Zeppelin's jars", "oss-prod", `${P}oss.network.packageDownloads`, false, {
    also: [[`${P}oss.spark.image`, "registry.example.com/spark-delta:4.1.3-1"]],
  }),
  bad("a notebook Spark image on latest", "oss-dev", `${P}oss.spark.notebookImage`, "apache/spark:latest"),
  bad("a Spark image on latest", "oss-dev", `${P}oss.spark.image`, "apache/spark:latest"),
  bad("a Spark image without a tag", "oss-dev", `${P}oss.spark.image`, "registry.example.com/spark-delta"),
  bad("a pool label the Spark jobs do not select", "oss-dev", `${P}oss.placement.poolLabelKey`, "pool"),
  bad("a pool label key with a space", "oss-dev", `${P}oss.placement.poolLabelKey`, "bad key"),
  bad(
    "an unknown taint effect",
    "oss-dev",
    `${P}oss.placement.spotTaint`,
    { key: "batch-platform.io/spot", value: "true", effect: "PreferNoSchedule" },
    { key: `${P}oss.placement.spotTaint.effect`, got: `"PreferNoSchedule"` },
  ),
  bad(
    "a spot taint executors do not tolerate",
    "oss-dev",
    `${P}oss.placement.spotTaint`,
    { key: "batch-platform.io/spot", value: "false", effect: "NoSchedule" },
    { got: "batch-platform.io/spot=false:NoSchedule" },
  ),
  bad("Airflow 2's webserver sizes (now the API server's)", "oss-prod", `${P}oss.airflow.webserver`, { replicas: 2 }),
  bad("nine Airflow schedulers", "oss-prod", `${P}oss.airflow.scheduler.replicas`, 9),
  bad("Airflow worker CPU as a word", "oss-prod", `${P}oss.airflow.worker.cpu`, "fast"),
  bad("an Airflow database storage class with !", "oss-prod", `${P}oss.airflow.database.storageClassName`, "SSD!"),
  bad("an Airflow database volume with a space", "oss-prod", `${P}oss.airflow.database.volumeSize`, "8 GB"),
  bad("a Spark driver with no cores", "oss-prod", `${P}oss.spark.driver.cores`, 0),
  bad("Spark executor memory in Kubernetes units", "oss-prod", `${P}oss.spark.executor.memory`, "4Gi"),
  bad(
    "more executors than dynamic allocation allows (SparkEngine's rule)",
    "oss-dev",
    `${P}oss.spark.executor.instances`,
    5,
    {
      also: [[`${P}oss.spark.executor`, { cores: 1, memory: "2g", memoryOverhead: "512m", instances: 5 }]],
    },
  ),
  bad(
    "dynamic allocation minimum above maximum (SparkEngine's rule)",
    "oss-dev",
    `${P}oss.spark.dynamicAllocation`,
    { minExecutors: 4, maxExecutors: 2 },
    { got: "4..2" },
  ),
  bad("a Hive Metastore over HTTP", "oss-prod", `${P}oss.spark.hiveMetastoreUri`, "http://hive:9083"),
  bad("a ten-second application TTL", "oss-prod", `${P}oss.spark.timeToLiveSeconds`, 10),
  bad("five Spark Operator replicas", "oss-prod", `${P}oss.spark.operatorReplicas`, 5),
  bad("an even replication factor", "oss-prod", `${P}oss.yugabyte.replicationFactor`, 2),
  bad("YugabyteDB master memory in fractions of Gi", "oss-prod", `${P}oss.yugabyte.master.memory`, "1.5Gi"),
  bad("a YugabyteDB volume in decimal units", "oss-prod", `${P}oss.yugabyte.tserverVolumeSize`, "500G"),
  bad(
    "replication factor 3 over two zones (YugabyteDB's rule)",
    "oss-prod",
    `${P}cluster.zones`,
    ["eu-central-a", "eu-central-b"],
    { got: "2 zones" },
  ),
  bad("a YugabyteDB storage class with a space", "oss-prod", `${P}oss.yugabyte.storageClassName`, "premium rwo"),
];

const gcp: MalformedStack[] = [
  bad("gcp settings on an oss stack", "oss-dev", `${P}gcp`, { engine: "spark" }, { got: `{"engine":"spark"}` }),
  bad("an unknown engine", "gcp-dev", `${P}gcp.engine`, "flink"),
  bad("an unknown release channel", "gcp-prod", `${P}gcp.gke.releaseChannel`, "BETA"),
  bad("an unknown location type", "gcp-prod", `${P}gcp.gke.locationType`, "multi"),
  bad(
    "a control-plane range that is not a /28 (GkeCluster's rule)",
    "gcp-prod",
    `${P}gcp.gke.masterCidr`,
    "172.16.0.0/24",
  ),
  bad("a control-plane range with host bits", "gcp-prod", `${P}gcp.gke.masterCidr`, "172.16.0.1/28"),
  bad(
    "an authorized network that is not a CIDR",
    "gcp-prod",
    `${P}gcp.gke.masterAuthorizedNetworks[0].cidr`,
    "999.0.0.0/8",
  ),
  bad(
    "an authorized network open to everyone in prod (GkeCluster's production rule)",
    "gcp-prod",
    `${P}gcp.gke.masterAuthorizedNetworks[0].cidr`,
    "0.0.0.0/0",
  ),
  bad("a private endpoint that is not a boolean", "gcp-prod", `${P}gcp.gke.privateEndpoint`, "sometimes"),
  bad(
    "an authorized network name with a command",
    "gcp-prod",
    `${P}gcp.gke.masterAuthorizedNetworks[0].name`,
    "ci; rm -rf /",
  ),
  bad("pods overlapping the nodes (VpcNetwork's rule)", "gcp-prod", `${P}gcp.network.podsCidr`, "10.10.0.0/16"),
  bad("a nodes range with prefix 99", "gcp-prod", `${P}gcp.network.nodesCidr`, "10.10.0.0/99"),
  bad("a made-up Dataflow machine type", "gcp-prod", `${P}gcp.dataflow.machineType`, "n2-superfast-64"),
  bad("no Dataflow worker", "gcp-prod", `${P}gcp.dataflow.maxWorkers`, 0),
  bad("an image tag YAML read as a number", "gcp-prod", `${P}gcp.dataflow.imageTag`, 1.1),
  bad("an image tag with a space", "gcp-prod", `${P}gcp.dataflow.imageTag`, "latest tag"),
  bad(
    "more minimum than maximum Spark executors",
    "gcp-dev",
    `${P}gcp.spark`,
    { minExecutors: 10, maxExecutors: 6 },
    { key: `${P}gcp.spark.minExecutors`, got: "10" },
  ),
  bad(
    "a gold partition filter (BigQueryWarehouse's rule)",
    "gcp-dev",
    `${P}gcp.bigquery.requirePartitionFilter.gold`,
    true,
  ),
  bad("zero-day partition expiry", "gcp-prod", `${P}gcp.bigquery.partitionExpirationDays.bronze`, 0),
  bad(
    "an expected size on silver (BigQueryWarehouse's rule)",
    "gcp-prod",
    `${P}gcp.bigquery.expectedSizeGb.silver`,
    10,
  ),
  bad("an unknown BigQuery layer", "gcp-prod", `${P}gcp.bigquery.expectedSizeGb.platinum`, 10),
];

const azure: MalformedStack[] = [
  bad("Spark on AKS, which cannot reach ADLS with workload identity", "azure-dev", `${P}azure.engine`, "spark"),
  bad("an AKS API server open to the internet", "azure-dev", `${P}azure.aks.authorizedIpRanges`, ["0.0.0.0/0"], {
    key: `${P}azure.aks.authorizedIpRanges[0]`,
    got: `"0.0.0.0/0"`,
  }),
  bad("a Databricks subnet outside the VNet", "azure-dev", `${P}azure.network.databricksHostCidr`, "10.99.0.0/22"),
  bad("a Databricks subnet too small", "azure-dev", `${P}azure.network.databricksContainerCidr`, "10.20.20.0/28"),
  bad("a Synapse admin group that is no object id", "azure-dev", `${P}azure.entra.synapseAdminGroup.objectId`, "admins"),
  bad("an unknown SQL pool size", "azure-dev", `${P}azure.synapse.sqlPoolSku`, "DW50c"),
  bad("azure settings on a gcp stack", "gcp-dev", `${P}azure`, { engine: "databricks" }),
];

const pipelines: MalformedStack[] = [
  bad("a misspelt pipeline", "oss-dev", `${P}pipelines`, ["ordres"], { key: `${P}pipelines[0]`, got: `"ordres"` }),
  bad("pipelines as one name", "oss-dev", `${P}pipelines`, "orders"),
  bad("a pipeline listed twice", "gcp-dev", `${P}pipelines`, ["orders", "orders"], {
    key: `${P}pipelines[1]`,
    got: `"orders"`,
  }),
];

/** Every section of the stack configuration, every kind of bad value. */
export const MALFORMED_STACKS: readonly MalformedStack[] = [
  ...general,
  ...labels,
  ...cluster,
  ...lake,
  ...oss,
  ...gcp,
  ...azure,
  ...pipelines,
];
