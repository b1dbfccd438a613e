import * as pulumi from "@pulumi/pulumi";

/**
 * Airflow connections as the values of `AIRFLOW_CONN_<ID>` environment variables (Airflow's JSON
 * form). They carry credentials, so they are Pulumi secrets and only ever go into a Secret.
 */

/** The environment variable Airflow reads a connection id from: `minio_s3` → `AIRFLOW_CONN_MINIO_S3`. */
export function connectionEnvName(connId: string): string {
  return `AIRFLOW_CONN_${connId.toUpperCase()}`;
}

/** An S3-compatible store (MinIO) through the Amazon provider's `aws` connection type. */
export function s3Connection(endpoint: string, accessKey: pulumi.Input<string>, secretKey: pulumi.Input<string>, region = "us-east-1"): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.all([accessKey, secretKey]).apply(([login, password]) =>
      JSON.stringify({ conn_type: "aws", login, password, extra: { endpoint_url: endpoint, region_name: region } }),
    ),
  );
}

/** The cluster Airflow runs in, through the worker pod's own ServiceAccount (no kubeconfig). */
export function inClusterKubernetesConnection(namespace: string): pulumi.Output<string> {
  return pulumi.output(JSON.stringify({ conn_type: "kubernetes", extra: { in_cluster: true, namespace } }));
}

/** A PostgreSQL-protocol database (YugabyteDB YSQL, PostgreSQL). */
export function postgresConnection(host: string, port: number, database: string, login: pulumi.Input<string>, password: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.all([login, password]).apply(([user, secret]) => JSON.stringify({ conn_type: "postgres", host, port, schema: database, login: user, password: secret })),
  );
}

/** Airflow's Google connection: Application Default Credentials (workload identity), no key. */
export const GOOGLE_CONN_ID = "google_cloud_default";

/** The Google provider's connection for a project, with no key: ADC from the pod's identity. */
export function googleCloudConnection(project: string): pulumi.Output<string> {
  return pulumi.output(JSON.stringify({ conn_type: "google_cloud_platform", extra: { project } }));
}
