/**
 * Changes the PR review is tested on, as data: the destructive stack-file edits it must block
 * (issue 13) and pipeline edits it must show readably. The recorder plans them into fixtures.
 */
export interface DestructiveCase {
  /** Fixture name. */
  readonly name: string;
  readonly stack: string;
  /** What a reviewer would call the change. */
  readonly change: string;
  /** Config edits: a key path under `config` (first segment the namespaced key) and its new value. */
  readonly edits: readonly { readonly path: readonly (string | number)[]; readonly value: unknown }[];
  /** The hazard rule that must block it. */
  readonly rule: string;
  /** A phrase the hazard's text must contain. */
  readonly says: string;
}

export const DESTRUCTIVE_CASES: readonly DestructiveCase[] = [
  {
    name: "gke-zonal",
    stack: "gcp-staging",
    change: "gcp.gke.locationType: zonal",
    edits: [{ path: ["batch-platform:gcp", "gke", "locationType"], value: "zonal" }],
    rule: "cluster-replacement",
    says: "replaces the cluster",
  },
  {
    name: "unprotect-data",
    stack: "gcp-prod",
    change: "protectData: false",
    edits: [{ path: ["batch-platform:protectData"], value: false }],
    rule: "protection-downgrade",
    says: "deletionProtection",
  },
  {
    name: "minio-reshape",
    stack: "oss-prod",
    change: "MinIO 4 servers × 2 drives → 8 × 1",
    edits: [
      { path: ["batch-platform:lake", "minio", "servers"], value: 8 },
      { path: ["batch-platform:lake", "minio", "drivesPerServer"], value: 1 },
    ],
    rule: "storage-topology",
    says: "cannot reshape a server pool",
  },
  {
    name: "yugabyte-storage-class",
    stack: "oss-prod",
    change: "YugabyteDB storage class premium-rwo → standard-rwo",
    edits: [{ path: ["batch-platform:oss", "yugabyte", "storageClassName"], value: "standard-rwo" }],
    rule: "volume-change",
    says: "storage.tserver.storageClass",
  },
  {
    name: "airflow-db-shrink",
    stack: "oss-prod",
    change: "Airflow database volume 50Gi → 20Gi",
    edits: [{ path: ["batch-platform:oss", "airflow", "database", "volumeSize"], value: "20Gi" }],
    rule: "volume-change",
    says: "CloudNativePG storage cannot shrink",
  },
  {
    name: "yugabyte-rf-down",
    stack: "oss-prod",
    change: "YugabyteDB replication factor 3 → 1",
    edits: [{ path: ["batch-platform:oss", "yugabyte", "replicationFactor"], value: 1 }],
    rule: "replication-decrease",
    says: "replication factor",
  },
  {
    name: "oss-other-cluster",
    stack: "oss-prod",
    change: "cluster.context prod-eu-central → prod-eu-west",
    edits: [{ path: ["batch-platform:cluster", "context"], value: "prod-eu-west" }],
    rule: "provider-target",
    says: 'context "prod-eu-central" → "prod-eu-west"',
  },
  {
    name: "gcp-region-move",
    stack: "gcp-prod",
    change: "region europe-west4 → europe-west1",
    edits: [
      { path: ["batch-platform:region"], value: "europe-west1" },
      { path: ["batch-platform:cluster", "zones"], value: ["europe-west1-b", "europe-west1-c", "europe-west1-d"] },
    ],
    rule: "data-loss",
    says: "a Cloud Storage bucket and its objects",
  },
];

/** Edits of `pipelines/`: file name → new content (from the current content, or undefined for a new file). */
export interface PipelineCase {
  readonly name: string;
  readonly stack: string;
  readonly change: string;
  readonly files: { readonly [file: string]: (current: string | undefined, read: (file: string) => string) => string };
}

export const PIPELINE_CASES: readonly PipelineCase[] = [
  {
    name: "add-pipeline",
    stack: "oss-prod",
    change: "a third pipeline, returns",
    files: {
      "returns.yaml": (_, read) =>
        read("orders.yaml")
          .replace(/^name: orders$/m, "name: returns")
          .replace(/^landingPrefix: .*$/m, "landingPrefix: returns/")
          .replace("table: daily_revenue", "table: daily_returns"),
    },
  },
  {
    name: "dag-schedule",
    stack: "oss-prod",
    change: "orders runs hourly",
    files: { "orders.yaml": (current) => (current ?? "").replace(/^schedule: .*$/m, 'schedule: "@hourly"') },
  },
];
