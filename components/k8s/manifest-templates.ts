/**
 * Label on a ConfigMap whose `*.yaml` entries are Kubernetes manifests a workload applies later
 * (the SparkApplications Airflow submits). The offline plan expands them and validates and
 * policy-checks them like any other object, so they are reviewed before they ever run.
 */
export const MANIFEST_TEMPLATES_LABEL = "batch-platform.io/manifest-templates";
