import { beforeAll, describe, expect, it } from "vitest";
import type { RegistrationCapture } from "../../infra/plan/capture";
import type { PlanResource } from "../../infra/plan/document";
import { CA_BUNDLE, CertManager, certManagerProblems, type CertManagerArgs } from "../../components/tls/cert-manager";
import { PLATFORM_CA_ISSUER, ROOT_CA_SECRET } from "../../components/tls/cert-manager-manifests";
import { CERT_MANAGER_VALIDATORS } from "../../components/tls/cert-manager-schema";
import { CERT_MANAGER_CHART } from "../../components/tls/cert-manager-values";
import { serverCertificate, serviceDnsNames } from "../../components/tls/certificates";
import { mockPulumi, registered, valueOf } from "../helpers/pulumi";
import {
  asPlanResources,
  configGroupObjs,
  findObject,
  mandatoryFindings,
  type K8sObject,
} from "../helpers/workload-assertions";

const args: CertManagerArgs = {
  bundleNamespaces: ["lake", "query"],
  apiServer: { cidrs: ["10.20.0.0/28"], ports: [443] },
  nodeSelector: { "batch-platform.io/pool": "system" },
  labels: { "cost-center": "data-platform" },
};
const validate = (obj: unknown) => CERT_MANAGER_VALIDATORS[`cert-manager.io/v1/${(obj as { kind: string }).kind}`](obj);

describe("CertManager (installs cert-manager and a platform CA)", () => {
  let capture: RegistrationCapture;
  let manager: CertManager;
  let chart: PlanResource;
  let issuers: K8sObject[];
  let bundles: K8sObject[];
  let namespace: K8sObject[];
  beforeAll(async () => {
    capture = await mockPulumi();
    manager = new CertManager("tls", args);
    [chart] = await registered(capture, "kubernetes:helm.sh/v4:Chart");
    issuers = await configGroupObjs(capture, "tls-issuers");
    bundles = await configGroupObjs(capture, "tls-ca-bundles");
    namespace = await configGroupObjs(capture, "tls-namespace");
  });

  it("installs the pinned chart with its CRDs kept, leader election in its own namespace, no metrics Service", () => {
    expect(chart.inputs).toMatchObject({
      chart: "cert-manager",
      version: "v1.21.1",
      repositoryOpts: { repo: CERT_MANAGER_CHART.repo },
      namespace: "cert-manager",
    });
    expect(chart.inputs.values).toMatchObject({
      crds: { enabled: true, keep: true },
      global: { leaderElection: { namespace: "cert-manager" } },
      nodeSelector: { "batch-platform.io/pool": "system" },
      webhook: { nodeSelector: { "batch-platform.io/pool": "system" } },
      prometheus: { enabled: false },
    });
  });

  it("runs in a restricted, default-deny namespace that lets the API server reach only the webhook", () => {
    const ns = findObject(namespace, "Namespace", "cert-manager");
    expect(
      (ns.metadata as unknown as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"],
    ).toBe("restricted");
    const webhook = findObject(namespace, "NetworkPolicy", "allow-webhook") as unknown as {
      spec: { ingress: unknown[] };
    };
    expect(webhook.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: "10.20.0.0/28" } }], ports: [{ protocol: "TCP", port: 10250 }] },
    ]);
    expect(findObject(namespace, "NetworkPolicy", "default-deny")).toBeDefined();
  });

  it("chains a self-signed root CA (key kept, ten years) to the platform's CA ClusterIssuer", () => {
    const root = findObject(issuers, "Certificate", ROOT_CA_SECRET) as unknown as {
      metadata: { namespace: string };
      spec: Record<string, unknown>;
    };
    expect(root.metadata.namespace).toBe("cert-manager");
    expect(root.spec).toMatchObject({ isCA: true, duration: "87600h", privateKey: { rotationPolicy: "Never" } });
    expect(findObject(issuers, "ClusterIssuer", PLATFORM_CA_ISSUER.name)).toMatchObject({
      spec: { ca: { secretName: ROOT_CA_SECRET } },
    });
    expect(manager.tls.issuer).toEqual(PLATFORM_CA_ISSUER);
  });

  it("puts the CA bundle with JVM truststores and a generated store password into every client namespace", async () => {
    for (const ns of args.bundleNamespaces) {
      const bundle = bundles.find((o) => o.metadata.namespace === ns) as unknown as { spec: Record<string, unknown> };
      expect(bundle.spec).toMatchObject({
        secretName: CA_BUNDLE.secretName,
        issuerRef: PLATFORM_CA_ISSUER,
        usages: ["digital signature", "client auth"],
      });
      expect(bundle.spec.keystores).toEqual({
        pkcs12: {
          create: true,
          passwordSecretRef: { name: CA_BUNDLE.storePasswordSecretName, key: "password" },
          profile: "Modern2023",
        },
        jks: { create: true, passwordSecretRef: { name: CA_BUNDLE.storePasswordSecretName, key: "password" } },
      });
    }
    const secrets = await registered(capture, "kubernetes:core/v1:Secret");
    expect(secrets.map((s) => (s.inputs.metadata as { namespace: string }).namespace)).toEqual(["lake", "query"]);
    expect(await valueOf(manager.urn)).toContain("batch-platform:tls:CertManager");
  });

  it("emits objects the cert-manager validators and the Kubernetes schema accept", async () => {
    for (const obj of [...issuers, ...bundles]) expect(validate(obj), `${obj.kind} ${obj.metadata.name}`).toEqual([]);
    expect(
      await mandatoryFindings(asPlanResources([...namespace, ...issuers, ...bundles]), CERT_MANAGER_VALIDATORS),
    ).toEqual([]);
  });
});

describe("CertManager with an existing issuer", () => {
  it("installs nothing and signs the bundles with that issuer", async () => {
    const capture = await mockPulumi();
    const issuer = { name: "corp-ca", kind: "ClusterIssuer", group: "cert-manager.io" } as const;
    const manager = new CertManager("tls", { ...args, issuer });
    expect(await registered(capture, "kubernetes:helm.sh/v4:Chart")).toEqual([]);
    const bundles = await configGroupObjs(capture, "tls-ca-bundles");
    expect(bundles.map((b) => (b as unknown as { spec: { issuerRef: unknown } }).spec.issuerRef)).toEqual([
      issuer,
      issuer,
    ]);
    expect(manager.tls.issuer).toBe(issuer);
  });

  it("refuses arguments it cannot use, naming each", () => {
    expect(certManagerProblems({ ...args, namespace: "Cert_Manager", bundleNamespaces: [], replicas: 5 })).toEqual([
      'namespace: got "Cert_Manager"; expected a DNS label',
      "bundleNamespaces: got []; expected the namespaces with TLS clients",
      "replicas: got 5; expected 1, 2 or 3",
    ]);
  });
});

describe("cert-manager validators", () => {
  const cert = serverCertificate({
    name: "trino-tls",
    namespace: "query",
    dnsNames: serviceDnsNames("trino", "query"),
    issuer: PLATFORM_CA_ISSUER,
    labels: {},
  });

  it("accept a server certificate for a Service's in-cluster names", () => {
    expect(cert.spec.dnsNames).toEqual(["trino", "trino.query", "trino.query.svc", "trino.query.svc.cluster.local"]);
    expect(validate(cert)).toEqual([]);
  });

  it("reject a misspelt field the API server would prune, a bad enum, a wrong key size and a missing name", () => {
    const bad = {
      ...cert,
      spec: {
        ...cert.spec,
        dnsName: ["x"],
        usages: ["server-auth"],
        privateKey: { ...cert.spec.privateKey, size: 2048 },
      },
    };
    expect(validate(bad)).toEqual([
      'spec.privateKey: got {"algorithm":"ECDSA","size":2048,"encoding":"PKCS8","rotationPolicy":"Always"}; expected size: RSA takes 2048, 4096 or 8192; ECDSA 256, 384 or 521',
      'spec.usages[0]: got "server-auth"; expected one of digital signature, key encipherment, server auth, client auth, cert sign, crl sign',
      "spec.dnsName: not a field of Certificate cert-manager.io/v1; the API server would silently prune it",
    ]);
    const { commonName: _c, dnsNames: _d, ...nameless } = cert.spec;
    expect(validate({ ...cert, spec: nameless })).toEqual(["spec: a certificate needs commonName or dnsNames"]);
    expect(
      validate({
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: "x" },
        spec: { selfSigned: {}, ca: { secretName: "y" } },
      }),
    ).not.toEqual([]);
  });
});
