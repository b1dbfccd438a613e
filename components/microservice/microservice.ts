import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { RandomPassword } from "@pulumi/random/randomPassword";
import type { Listener, ListenerAuthentication } from "../k8s/listener";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { assertNoProblems } from "../common/validation";
import { newManifestChart } from "../k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT, type NodePlacement } from "../k8s/placement";
import { addMicroservice } from "./microservice-manifests";
import { validateContainerSize, type ContainerSize } from "../k8s/workload-defaults";
import { YugabyteDatabase } from "../warehouse/yugabyte-database";
import type { YugabyteServer } from "../warehouse/yugabyte-server";
import type { MicroserviceDatabase } from "./microservice-database";
import type { TlsSettings } from "../tls/certificates";
import { TLS_PROXY_PORT } from "./tls-proxy";

export interface MicroserviceArgs {
  /** Namespace the service runs in (its credentials Secret is created there), e.g. `serving`. */
  readonly namespace: pulumi.Input<string>;
  /** Name of the Kubernetes objects. @default the component's name */
  readonly serviceName?: string;
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /** The port it serves on. */
  readonly port: number;
  /** Its own YSQL database or YCQL keyspace, with its own login role. */
  readonly database: MicroserviceDatabase;
  /** The YugabyteDB server (`YugabyteDB.server`): endpoints, admin Secret, image. */
  readonly yugabyte: YugabyteServer;
  /**
   * A login that already exists: a Secret in the service's namespace with `username` / `password`
   * (e.g. `YugabyteDatabase.secretName`); then this component provisions nothing.
   * @default its own database/keyspace and role, through a child `YugabyteDatabase`
   */
  readonly login?: { readonly secretName: string };
  /** Plain environment (configuration only; names that look like credentials are refused). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Autoscaling bounds. @default { min: 2, max: 4 } */
  readonly replicas?: { readonly min: number; readonly max: number };
  /** Average CPU utilization the autoscaler aims for, in percent of the request. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Size of a pod. @default 100m / 256Mi */
  readonly resources?: ContainerSize;
  /** HTTP readiness check. @default a TCP check on `port` */
  readonly healthCheck?: { readonly path: string; readonly port?: number };
  /** The non-root uid the image runs as. @default 1000 */
  readonly runAsUser?: number;
  /** Pool of the pods (on-demand). @default "system" */
  readonly pool?: "system" | "stateful";
  /** Node pool label and spot taint of the cluster. @default DEFAULT_PLACEMENT */
  readonly placement?: NodePlacement;
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Environment variables set from generated random keys in a Secret, e.g. a JWT signing key. @default [] */
  readonly generatedSecretEnv?: readonly string[];
  /** How callers authenticate and what they may do, for the listener inventory. @default none */
  readonly access?: { readonly authentication: ListenerAuthentication; readonly authorization: string };
  /**
   * TLS from a proxy in the pod (nginx) with a certificate from this issuer, for services that serve
   * none themselves; the service then binds 127.0.0.1 only. @default none: plain HTTP on `port`
   */
  readonly tls?: TlsSettings;
  /** The port the Service exposes with `tls`. @default 8443 */
  readonly tlsPort?: number;
  /** Variable of the address the service binds (PostgREST: `PGRST_SERVER_HOST`); needed for `tls`. @default none */
  readonly bindAddressEnv?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CREDENTIAL_NAME = /(PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL)/i;
const RESERVED_ENV = new Set([
  "PGSSLMODE",
  "PGSSLROOTCERT",
  "PGHOST",
  "PGPORT",
  "PGDATABASE",
  "PGUSER",
  "PGPASSWORD",
  "YCQL_HOST",
  "YCQL_PORT",
  "YCQL_KEYSPACE",
  "YCQL_USERNAME",
  "YCQL_PASSWORD",
]);

/** Problems of {@link MicroserviceArgs}, one line each naming the property. */
export function validateMicroserviceArgs(name: string, args: MicroserviceArgs): string[] {
  const problems: string[] = [];
  const serviceName = args.serviceName ?? name;
  if (args.login && !DNS_LABEL.test(args.login.secretName))
    problems.push(
      `login.secretName: got ${JSON.stringify(args.login.secretName)}; expected the name of a Secret in the namespace`,
    );
  if (!DNS_LABEL.test(serviceName) || serviceName.length > 40)
    problems.push(`serviceName: got ${JSON.stringify(serviceName)}; expected a DNS label of at most 40 characters`);
  if (typeof args.namespace === "string" && !DNS_LABEL.test(args.namespace))
    problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a DNS label such as "serving"`);
  const colon = args.image.lastIndexOf(":");
  const tag = colon > args.image.lastIndexOf("/") ? args.image.slice(colon + 1) : "";
  if (!args.image.includes("@sha256:") && (tag === "" || tag === "latest"))
    problems.push(`image: got ${JSON.stringify(args.image)}; pin it to a version tag or a digest`);
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535)
    problems.push(`port: got ${args.port}; expected 1-65535`);
  const db = args.database;
  const target = db.kind === "ysql" ? { key: "database", value: db.database } : { key: "keyspace", value: db.keyspace };
  if (!IDENTIFIER.test(target.value))
    problems.push(
      `database.${target.key}: got ${JSON.stringify(target.value)}; expected a lowercase identifier (letters, digits, _)`,
    );
  if (!IDENTIFIER.test(db.role))
    problems.push(
      `database.role: got ${JSON.stringify(db.role)}; expected a lowercase identifier (letters, digits, _)`,
    );
  if (["yugabyte", "postgres", "cassandra", "yb_superuser"].includes(db.role))
    problems.push(`database.role: ${JSON.stringify(db.role)} is a built-in role; give the service a role of its own`);
  for (const key of Object.keys(args.env ?? {})) {
    if (!ENV_NAME.test(key)) problems.push(`env.${key}: not a valid environment variable name`);
    else if (CREDENTIAL_NAME.test(key))
      problems.push(
        `env.${key}: looks like a credential; plain env is configuration only, credentials come from Secrets`,
      );
    else if (RESERVED_ENV.has(key)) problems.push(`env.${key}: set by the Microservice from the database connection`);
  }
  const replicas = args.replicas ?? { min: 2, max: 4 };
  if (
    !Number.isInteger(replicas.min) ||
    replicas.min < 1 ||
    !Number.isInteger(replicas.max) ||
    replicas.max < replicas.min
  ) {
    problems.push(`replicas: got ${JSON.stringify(replicas)}; expected integers with 1 <= min <= max`);
  }
  const utilization = args.targetCpuUtilization ?? 70;
  if (!Number.isInteger(utilization) || utilization < 10 || utilization > 100)
    problems.push(`targetCpuUtilization: got ${utilization}; expected a percentage between 10 and 100`);
  if (args.resources) problems.push(...validateContainerSize("resources", args.resources));
  if (args.runAsUser !== undefined && (!Number.isInteger(args.runAsUser) || args.runAsUser < 1))
    problems.push(`runAsUser: got ${args.runAsUser}; expected a non-root uid (1 or more)`);
  const tlsPort = args.tlsPort ?? TLS_PROXY_PORT;
  if (args.tls && args.bindAddressEnv === undefined)
    problems.push(
      `bindAddressEnv: missing; with tls the service must bind 127.0.0.1, name the variable that sets its address`,
    );
  if (args.bindAddressEnv !== undefined && !ENV_NAME.test(args.bindAddressEnv))
    problems.push(`bindAddressEnv: got ${JSON.stringify(args.bindAddressEnv)}; expected an environment variable name`);
  if (args.bindAddressEnv !== undefined && args.env?.[args.bindAddressEnv] !== undefined)
    problems.push(`env.${args.bindAddressEnv}: set by the Microservice (bindAddressEnv)`);
  if (!Number.isInteger(tlsPort) || tlsPort < 1024 || tlsPort > 65535)
    problems.push(`tlsPort: got ${tlsPort}; expected 1024-65535 (the proxy runs unprivileged)`);
  else if (args.tls && [args.port, args.healthCheck?.port].includes(tlsPort))
    problems.push(`tlsPort: got ${tlsPort}; the service already uses it, pick another port`);
  if ((args.pool as string | undefined) === "batch")
    problems.push(`pool: got "batch"; a service must not be evicted with the spot nodes, use "system" or "stateful"`);
  return problems;
}

/**
 * A microservice on YugabyteDB (the seed's first use case): its own YSQL database or YCQL keyspace
 * and login role through a `YugabyteDatabase` (an idempotent setup Job with the admin credentials,
 * the password generated and kept only in Kubernetes Secrets and Pulumi state, as a secret); a
 * cdk8s-plus Deployment, Service, PodDisruptionBudget and HorizontalPodAutoscaler. With `tls`, an
 * nginx proxy in the pod serves TLS with a cert-manager certificate and the service binds 127.0.0.1.
 */
export class Microservice extends pulumi.ComponentResource {
  /** In-cluster URL, `https://<serviceName>.<ns>.svc.cluster.local:<tlsPort>` with TLS, else `http://…:<port>`. */
  readonly url: pulumi.Output<string>;
  /** The Secret (in the service's namespace) with `username` / `password` of its role. */
  readonly credentialsSecretName: string;
  readonly serviceName: string;
  /** The Service's port: the TLS proxy's with `tls`, else the service's own (plain). */
  readonly listeners: readonly Listener[];
  /** Secret holding the generated keys of `generatedSecretEnv` (key = variable name), if any. */
  readonly generatedSecretName: string | undefined;

  constructor(name: string, args: MicroserviceArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("Microservice", validateMicroserviceArgs(name, args));
    super("batch-platform:microservice:Microservice", name, {}, opts);
    const serviceName = args.serviceName ?? name;
    const labels = args.labels ?? {};
    const placement = args.placement ?? DEFAULT_PLACEMENT;
    const db = args.database;
    const provisioned = args.login
      ? undefined
      : new YugabyteDatabase(
          `${name}-db`,
          {
            server: args.yugabyte,
            role: db.role,
            access:
              db.kind === "ysql" ? { api: "ysql", database: db.database } : { api: "ycql", keyspace: db.keyspace },
            consumerNamespace: args.namespace,
            secretName: `${serviceName}-db-credentials`,
            labels,
          },
          { parent: this },
        );
    const login = {
      credentialsSecretName: args.login?.secretName ?? provisioned!.secretName,
      host: pulumi.output(args.yugabyte.host),
      port: db.kind === "ysql" ? args.yugabyte.ysqlPort : args.yugabyte.ycqlPort,
      dependsOn: (provisioned ? [provisioned] : []) as pulumi.Resource[],
    };
    const ysqlTls = args.yugabyte.tls;
    const dbCa = ysqlTls ? { secretName: ysqlTls.caSecretName, key: ysqlTls.caKey } : undefined;

    const generated = args.generatedSecretEnv ?? [];
    const generatedSecretName = generated.length > 0 ? `${serviceName}-generated` : undefined;
    if (generatedSecretName) {
      const values = Object.fromEntries(
        generated.map((variable) => [
          variable,
          new RandomPassword(`${name}-${variable.toLowerCase()}`, { length: 64, special: false }, { parent: this })
            .result,
        ]),
      );
      const secret = new Secret(
        generatedSecretName,
        {
          metadata: {
            name: generatedSecretName,
            namespace: args.namespace,
            labels: { ...labels, "app.kubernetes.io/part-of": "batch-platform" },
          },
          type: "Opaque",
          stringData: values,
        },
        { parent: this },
      );
      login.dependsOn.push(secret);
    }
    const namespaceName = typeof args.namespace === "string" ? args.namespace : "(namespace)";
    const access = args.access ?? { authentication: "none" as const, authorization: "none" };
    const base = {
      component: serviceName,
      kind: "api",
      namespace: namespaceName,
      service: serviceName,
      ...access,
    } as const;
    const tlsPort = args.tlsPort ?? TLS_PROXY_PORT;
    this.listeners = [
      args.tls
        ? {
            ...base,
            name: "https",
            port: tlsPort,
            tls: "tls",
            certificate: `cert-manager Certificate ${serviceName}-tls (nginx TLS proxy in the pod)`,
          }
        : { ...base, name: "http", port: args.port, tls: "none", certificate: "" },
    ];
    this.generatedSecretName = generatedSecretName;
    const listeners = this.listeners;

    const objs = pulumi.all([args.namespace, login.host]).apply(([namespace, host]) => {
      const chart = newManifestChart(name, namespace);
      const replicas = args.replicas ?? { min: 2, max: 4 };
      addMicroservice(chart, {
        name: serviceName,
        image: args.image,
        port: args.port,
        database: args.database,
        dbHost: host,
        dbPort: login.port,
        dbCredentialsSecret: login.credentialsSecretName,
        ...(dbCa ? { dbCa } : {}),
        env: args.env ?? {},
        minReplicas: replicas.min,
        maxReplicas: replicas.max,
        targetCpuUtilization: args.targetCpuUtilization ?? 70,
        resources: args.resources ?? { cpu: "100m", memory: "256Mi" },
        healthCheck: args.healthCheck,
        runAsUser: args.runAsUser ?? 1000,
        pool: args.pool ?? "system",
        placement,
        labels,
        secretEnv: generatedSecretName
          ? generated.map((variable) => ({ variable, secretName: generatedSecretName, key: variable }))
          : [],
        listeners,
        ...(args.tls
          ? { tlsProxy: { port: tlsPort, issuer: args.tls.issuer, namespace, bindAddressEnv: args.bindAddressEnv! } }
          : {}),
      });
      return chart.toJson();
    });
    new ConfigGroup(`${name}-manifests`, { objs }, { parent: this, dependsOn: login.dependsOn });

    this.serviceName = serviceName;
    this.credentialsSecretName = login.credentialsSecretName;
    this.url = args.tls
      ? pulumi.interpolate`https://${serviceName}.${args.namespace}.svc.cluster.local:${tlsPort}`
      : pulumi.interpolate`http://${serviceName}.${args.namespace}.svc.cluster.local:${args.port}`;
    this.registerOutputs({ url: this.url });
  }
}
