import * as pulumi from "@pulumi/pulumi";
import { Chart } from "@pulumi/kubernetes/helm/v4/chart";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { ApiObject } from "cdk8s";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { deployManifests, newManifestChart } from "../k8s/cdk8s-manifests";
import { helmValues } from "../k8s/helm-values";
import type { IssuerRef } from "./cert-manager-resources";
import { addCertManagerNamespace, addPlatformIssuers, PLATFORM_CA_ISSUER } from "./cert-manager-manifests";
import { CERT_MANAGER_CHART, certManagerValues } from "./cert-manager-values";
import { caBundleCertificate, type CaBundle, type TlsSettings } from "./certificates";

/** The CA bundle Secret in every namespace with TLS clients, and its stores' password Secret. */
export const CA_BUNDLE: CaBundle = {
  secretName: "batch-platform-ca",
  caKey: "ca.crt",
  pkcs12TruststoreKey: "truststore.p12",
  jksTruststoreKey: "truststore.jks",
  storePasswordSecretName: "batch-platform-tls-store",
  storePasswordKey: "password",
};

export interface CertManagerArgs {
  /**
   * An issuer that already signs certificates on the cluster; nothing is installed then.
   * @default install cert-manager and a platform CA
   */
  readonly issuer?: IssuerRef;
  /** Namespace cert-manager is installed into (created here). @default "cert-manager" */
  readonly namespace?: string;
  /** Namespaces whose workloads serve or call TLS listeners: each gets the CA bundle and a store password. */
  readonly bundleNamespaces: readonly string[];
  /** The API server as pods see it (egress for every cert-manager pod, ingress to its webhook). */
  readonly apiServer: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  /** The cluster DNS pods. @default kube-system, `k8s-app: kube-dns` */
  readonly dns?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /** Controller, webhook and cainjector replicas. @default 1 */
  readonly replicas?: number;
  /** Node labels of the system pool. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Labels on every object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect cert-manager's namespace (the root CA's key lives there). @default false */
  readonly protect?: boolean;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function certManagerProblems(args: CertManagerArgs): string[] {
  const problems: string[] = [];
  const namespace = args.namespace ?? "cert-manager";
  if (!DNS_LABEL.test(namespace)) problems.push(`namespace: got ${JSON.stringify(namespace)}; expected a DNS label`);
  if (args.bundleNamespaces.length === 0)
    problems.push("bundleNamespaces: got []; expected the namespaces with TLS clients");
  if (args.replicas !== undefined && (!Number.isInteger(args.replicas) || args.replicas < 1 || args.replicas > 3)) {
    problems.push(`replicas: got ${args.replicas}; expected 1, 2 or 3`);
  }
  if (args.issuer && !DNS_LABEL.test(args.issuer.name))
    problems.push(`issuer.name: got ${JSON.stringify(args.issuer.name)}; expected a DNS label`);
  return problems;
}

/**
 * Certificates for every listener of the platform: cert-manager from its upstream chart (CRDs kept
 * on uninstall) in its own default-deny namespace, a self-signed root CA and the CA ClusterIssuer
 * signing from it — or an existing issuer — and in each namespace with TLS clients the CA bundle
 * (`ca.crt`, PKCS#12 and JKS truststores) with a generated store password.
 */
export class CertManager extends pulumi.ComponentResource {
  /** What components need to serve TLS. */
  readonly tls: TlsSettings;
  /** The resources Certificates depend on (the CRDs and the issuer). */
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("CertManager", certManagerProblems(args));
    super("batch-platform:tls:CertManager", name, {}, opts);
    const labels = { ...(args.labels ?? {}), "app.kubernetes.io/part-of": "batch-platform" };
    const namespace = args.namespace ?? "cert-manager";
    const issuer = args.issuer ?? PLATFORM_CA_ISSUER;
    this.tls = { issuer, caBundle: CA_BUNDLE };
    const ready: pulumi.Resource[] = [];
    if (!args.issuer) {
      const nsChart = newManifestChart(`${name}-namespace`);
      const dns = args.dns ?? { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } };
      addCertManagerNamespace(nsChart, { namespace, labels, apiServer: args.apiServer, dns });
      const nsGroup = deployManifests(`${name}-namespace`, nsChart, {
        parent: this,
        ...dataProtection(args.protect ?? false),
      });
      const values = certManagerValues({
        namespace,
        replicas: args.replicas ?? 1,
        nodeSelector: args.nodeSelector ?? {},
        labels,
      });
      const chart = new Chart(
        `${name}-chart`,
        {
          name: "cert-manager",
          chart: CERT_MANAGER_CHART.chart,
          version: CERT_MANAGER_CHART.version,
          repositoryOpts: { repo: CERT_MANAGER_CHART.repo },
          namespace,
          values: helmValues(values),
        },
        { parent: this, dependsOn: [nsGroup] },
      );
      const issuersChart = newManifestChart(`${name}-issuers`);
      addPlatformIssuers(issuersChart, namespace, labels);
      ready.push(deployManifests(`${name}-issuers`, issuersChart, { parent: this, dependsOn: [chart] }));
    }
    // One store password per namespace: it guards the truststores' integrity and the keystores there.
    const password = new RandomPassword(`${name}-store-password`, { length: 32, special: false }, { parent: this });
    const secrets = args.bundleNamespaces.map(
      (ns) =>
        new Secret(
          `${name}-store-password-${ns}`,
          {
            metadata: { name: CA_BUNDLE.storePasswordSecretName, namespace: ns, labels },
            type: "Opaque",
            stringData: { [CA_BUNDLE.storePasswordKey]: password.result },
          },
          { parent: this },
        ),
    );
    const bundles = newManifestChart(`${name}-ca-bundles`);
    for (const ns of args.bundleNamespaces)
      new ApiObject(bundles, `bundle-${ns}`, caBundleCertificate(ns, issuer, CA_BUNDLE, labels));
    ready.push(deployManifests(`${name}-ca-bundles`, bundles, { parent: this, dependsOn: [...ready, ...secrets] }));
    this.ready = ready;
    this.registerOutputs({ tls: this.tls });
  }
}
