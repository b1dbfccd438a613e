import type * as pulumi from "@pulumi/pulumi";
import { CertManager, nodeSelectorFor } from "../../components";
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
