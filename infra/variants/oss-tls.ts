import type * as pulumi from "@pulumi/pulumi";
import {
  CertManager,
  nodeSelectorFor,
  type MetastoreClientIdentity,
  type PlatformCaTrust,
  type TlsSettings,
} from "../../components";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";

/**
 * Certificates for every listener of the oss platform: cert-manager and the platform CA (or the
 * stack's existing issuer), the CA bundle in every platform namespace. None where dev turns TLS off.
 */
export function ossCertificates(
  config: PlatformConfig,
  namespaces: Readonly<Record<string, string>>,
  opts: pulumi.ComponentResourceOptions,
): CertManager | undefined {
  const { oss } = config;
  if (!oss.tls.enabled) return undefined;
  const issuer = oss.tls.issuer ? { issuer: { ...oss.tls.issuer, group: "cert-manager.io" as const } } : {};
  const args = {
    ...issuer,
    bundleNamespaces: Object.values(namespaces),
    apiServer: { cidrs: oss.network.apiServerCidrs, ports: oss.network.apiServerPorts },
    replicas: config.environment === "prod" ? 2 : 1,
    nodeSelector: nodeSelectorFor("system", oss.placement),
    labels: platformLabels(config),
    protect: config.protectData,
  };
  return new CertManager("tls", args, opts);
}

/** The platform CA signed MinIO's certificate (TLS on, no stack-given `lake.minio.tlsSecretName`). */
export function lakeSignedByPlatformCa(config: PlatformConfig, tls: TlsSettings | undefined): tls is TlsSettings {
  return tls !== undefined && !config.lake.minio?.tlsSecretName;
}

/** The CA Barman and the backup CronJob's `mc` trust for MinIO: the platform CA where it signed its certificate. */
export function lakeEndpointCa(
  config: PlatformConfig,
  tls: TlsSettings | undefined,
): { readonly name: string; readonly key: string } | undefined {
  return lakeSignedByPlatformCa(config, tls) ? { name: tls.caBundle.secretName, key: tls.caBundle.caKey } : undefined;
}

/**
 * How the JVM clients of the lake and the warehouse (Spark, the metastore, Zeppelin) trust the
 * platform CA: S3A trusts it only where it signed the lake's certificate; it always signs
 * YugabyteDB's where TLS is on, which Spark's JDBC sink and the metastore's catalog verify. None
 * where dev turns TLS off.
 */
export function jvmCaTrust(config: PlatformConfig, tls: TlsSettings | undefined): PlatformCaTrust | undefined {
  if (!tls) return undefined;
  return { secretName: tls.caBundle.secretName, lake: lakeSignedByPlatformCa(config, tls), warehouse: true };
}

/** The metastore's clients by part; empty where TLS is off. */
export type OssMetastoreClients = { readonly [client in "spark" | "trino" | "zeppelin"]?: MetastoreClientIdentity };

/**
 * The metastore's clients where TLS is on, each with a certificate of its own that the metastore's
 * proxy admits: Spark's drivers, Trino and Zeppelin's interpreter. None where dev turns TLS off.
 */
export function ossMetastoreClients(
  namespaces: { readonly processing: string; readonly query: string; readonly explore: string },
  tls: TlsSettings | undefined,
): OssMetastoreClients {
  if (!tls) return {};
  return {
    spark: { namespace: namespaces.processing, workload: "spark-driver" },
    trino: { namespace: namespaces.query, workload: "trino" },
    zeppelin: { namespace: namespaces.explore, workload: "zeppelin" },
  };
}

/** {@link jvmCaTrust} as the optional `platformCa` argument of a component. */
export function jvmCaTrustArgs(
  config: PlatformConfig,
  tls: TlsSettings | undefined,
): { readonly platformCa?: PlatformCaTrust } {
  const platformCa = jvmCaTrust(config, tls);
  return platformCa ? { platformCa } : {};
}
