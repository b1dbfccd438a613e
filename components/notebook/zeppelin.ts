import * as pulumi from "@pulumi/pulumi";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { dataProtection } from "../common/protection";
import { assertNoProblems } from "../common/validation";
import { newManifestChart } from "../k8s/cdk8s-manifests";
import { DEFAULT_PLACEMENT, type NodePlacement } from "../k8s/placement";
import { validateContainerSize, type ContainerSize } from "../k8s/workload-defaults";
import { lakeCredentialsSecret, type LakeCredentials } from "../lake/lake-credentials";
import { addNotebookVolumeClaim, addZeppelin } from "./zeppelin-manifests";
import type { ZeppelinExecutors } from "./zeppelin-spark-conf";
import { ApiObject } from "cdk8s";
import type { Listener } from "../k8s/listener";
import { serverCertificate, serviceDnsNames, type TlsSettings } from "../tls/certificates";
import type { PlatformCaTrust } from "../tls/jvm-truststore";
import { metastoreClientNamespaceProblems, type MetastoreClientIdentity } from "../metastore/metastore-proxy";
import { ZEPPELIN_HTTPS_PORT, zeppelinListener, zeppelinShiroSecrets } from "./zeppelin-security";
import { ZEPPELIN_PORT } from "./zeppelin-manifests";
import type { SparkPackageSource } from "../engine/spark-package-mirror";
import type { ImageReference } from "../lake/minio-images";

export interface ZeppelinArgs {
  /** Namespace of Zeppelin and of its Spark executors, e.g. `explore`. */
  readonly namespace: pulumi.Input<string>;
  /** The lake's S3 endpoint, e.g. `http://minio.lake.svc.cluster.local:9000`. */
  readonly lakeEndpoint: pulumi.Input<string>;
  /** S3 credentials (an existing Secret in the namespace, or keys to copy into one). */
  readonly lakeCredentials: LakeCredentials;
  /** `HiveMetastore.thriftUri`; with it notebooks see the pipelines' Delta tables by name. @default none */
  readonly metastoreUri?: pulumi.Input<string>;
  /**
   * Reach the metastore through a mutual-TLS proxy in the Zeppelin pod (where the interpreter's
   * driver runs), as this identity; its certificate Secret is created by HiveMetastore. Needs
   * `metastoreUri`. @default plain Thrift to `metastoreUri`
   */
  readonly metastoreClient?: MetastoreClientIdentity;
  /** Name of the Deployment, Service and ServiceAccount. @default "zeppelin" */
  readonly serviceName?: string;
  /** Size of the notebook volume. @default "5Gi" */
  readonly notebookVolumeSize?: string;
  /** StorageClass of the notebook volume. @default the cluster default */
  readonly storageClassName?: string;
  /** The Zeppelin container, which also hosts the interpreters' Spark drivers. @default 500m / 3Gi */
  readonly resources?: ContainerSize;
  /** Executor size and dynamic-allocation bound. @default 1 core, 2g + 512m, at most 4 */
  readonly executors?: ZeppelinExecutors;
  /** Pool of the Zeppelin pod; executors always go to the batch pool. @default "stateful" */
  readonly pool?: "system" | "stateful";
  /** Node pool label and spot taint of the cluster. @default DEFAULT_PLACEMENT */
  readonly placement?: NodePlacement;
  /** Labels on every object (cost allocation). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Protect the notebook volume from deletion. @default false */
  readonly protect?: boolean;
  /** HTTPS with a certificate (PKCS#12 keystore) from this issuer. @default HTTP */
  readonly tls?: TlsSettings;
  /**
   * Trust in the platform CA (the CA bundle Secret in `namespace`): S3A of the interpreter's driver
   * and executors where the CA signed the lake's certificate.
   * @default the JDK's roots only
   */
  readonly platformCa?: PlatformCaTrust;
  /** The Spark image of the executors and of the interpreter's Spark distribution. @default ZEPPELIN_SPARK_IMAGE */
  readonly sparkImage?: string;
  /**
   * `sparkImage` has the Delta and hadoop-aws jars (with its AWS SDK bundle) in `$SPARK_HOME/jars`:
   * nothing is resolved from Maven Central, so the pod needs no internet egress. @default false
   */
  readonly packagesInImage?: boolean;
  /**
   * The jars of a `SparkPackageMirror` (`mirror.copy.source`) of `ZEPPELIN_SPARK_PACKAGES`, resolved
   * with Zeppelin's Spark image (not the jobs' mirror: another Spark): copied into the pod before Zeppelin starts,
   * with the lake keys above (they need read on the mirror's zone); nothing is resolved from Maven
   * Central, so the pod needs no internet egress. @default resolve `spark.jars.packages` at start
   */
  readonly packageSource?: SparkPackageSource;
  /** The `mc` image that copies them. @default DEFAULT_MC_IMAGE */
  readonly packageCopyImage?: ImageReference;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SPARK_SIZE = /^[1-9][0-9]*[mg]$/;

/** Problems of {@link ZeppelinArgs}, one line each naming the property. */
export function validateZeppelinArgs(args: ZeppelinArgs): string[] {
  const problems: string[] = [];
  const serviceName = args.serviceName ?? "zeppelin";
  if (!DNS_LABEL.test(serviceName) || serviceName.length > 40) problems.push(`serviceName: got ${JSON.stringify(serviceName)}; expected a DNS label of at most 40 characters`);
  if (typeof args.namespace === "string" && !DNS_LABEL.test(args.namespace)) problems.push(`namespace: got ${JSON.stringify(args.namespace)}; expected a DNS label such as "explore"`);
  if (args.notebookVolumeSize !== undefined && !/^[1-9][0-9]*Gi$/.test(args.notebookVolumeSize)) problems.push(`notebookVolumeSize: got ${JSON.stringify(args.notebookVolumeSize)}; expected whole Gi such as "5Gi"`);
  if ((args.pool as string | undefined) === "batch") problems.push(`pool: got "batch"; the Zeppelin pod hosts the Spark drivers and the notebooks, only its executors go to spot nodes`);
  if (args.resources) problems.push(...validateContainerSize("resources", args.resources));
  const client = args.metastoreClient;
  if (client && args.metastoreUri === undefined)
    problems.push("metastoreClient: needs metastoreUri (the metastore the proxy connects to)");
  problems.push(...metastoreClientNamespaceProblems(client, args.namespace, "Zeppelin's"));
  if (args.packagesInImage && args.sparkImage === undefined)
    problems.push("packagesInImage: got true without sparkImage; expected an image with the jars (the pinned apache/spark has none)");
  if (args.packagesInImage && args.packageSource)
    problems.push("packageSource: set with packagesInImage; expected one place for the jars (the image or the mirror)");
  if (args.platformCa && !DNS_LABEL.test(args.platformCa.secretName)) {
    const got = JSON.stringify(args.platformCa.secretName);
    problems.push(`platformCa.secretName: got ${got}; expected the name of a Secret in the namespace`);
  }
  const executors = args.executors ?? {};
  if (executors.cores !== undefined && (!Number.isInteger(executors.cores) || executors.cores < 1)) problems.push(`executors.cores: got ${executors.cores}; expected an integer of at least 1`);
  if (executors.maxExecutors !== undefined && (!Number.isInteger(executors.maxExecutors) || executors.maxExecutors < 1)) problems.push(`executors.maxExecutors: got ${executors.maxExecutors}; expected an integer of at least 1`);
  for (const key of ["memory", "memoryOverhead"] as const) {
    const value = executors[key];
    if (value !== undefined && !SPARK_SIZE.test(value)) problems.push(`executors.${key}: got ${JSON.stringify(value)}; expected a Spark size such as "512m" or "2g"`);
  }
  return problems;
}

/**
 * Apache Zeppelin for exploration, authored with cdk8s-plus: its Spark interpreter runs Spark on
 * Kubernetes (client mode, executors as pods in its own namespace on the batch pool with the spot
 * toleration), reads the lake through S3A with keys from a Secret, and the Hive Metastore's tables.
 * Notebooks live on a PVC of their own (protected in prod).
 */
export class Zeppelin extends pulumi.ComponentResource {
  /** In-cluster URL of the UI, `http://zeppelin.<ns>.svc.cluster.local:8080`. */
  readonly url: pulumi.Output<string>;
  /** The ServiceAccount that may create executor pods in the namespace. */
  readonly serviceAccountName: string;
  /** The UI and its API, behind Shiro logins. */
  readonly listeners: readonly Listener[];
  /** Secret with the generated passwords of `admin` and `analyst`. */
  readonly usersSecretName: string;

  constructor(name: string, args: ZeppelinArgs, opts?: pulumi.ComponentResourceOptions) {
    assertNoProblems("Zeppelin", validateZeppelinArgs(args));
    super("batch-platform:notebook:Zeppelin", name, {}, opts);
    const serviceName = args.serviceName ?? "zeppelin";
    const labels = args.labels ?? {};
    const placement = args.placement ?? DEFAULT_PLACEMENT;
    const claimName = `${serviceName}-notebooks`;

    const lake = lakeCredentialsSecret(`${name}-lake-credentials`, args.namespace, args.lakeCredentials, labels, this);
    const shiro = zeppelinShiroSecrets(serviceName, args.namespace, labels, this);
    const tls = args.tls;
    const certificates: pulumi.Resource[] = [];
    if (tls) {
      const namespace = String(args.namespace);
      const chart = newManifestChart(`${name}-tls`, namespace);
      const password = { name: tls.caBundle.storePasswordSecretName, key: tls.caBundle.storePasswordKey };
      const certificate = serverCertificate({ name: `${serviceName}-tls`, namespace, dnsNames: serviceDnsNames(serviceName, namespace), issuer: tls.issuer, labels, keystorePassword: password });
      new ApiObject(chart, "certificate", certificate);
      certificates.push(new ConfigGroup(`${name}-tls`, { objs: chart.toJson() }, { parent: this }));
    }
    const volume = pulumi.output(args.namespace).apply((namespace) => {
      const chart = newManifestChart(`${name}-notebooks`, namespace);
      addNotebookVolumeClaim(chart, { name: claimName, size: args.notebookVolumeSize ?? "5Gi", storageClassName: args.storageClassName, labels });
      return chart.toJson();
    });
    const notebooks = new ConfigGroup(`${name}-notebooks`, { objs: volume }, { parent: this, ...dataProtection(args.protect ?? false) });

    const objs = pulumi.all([args.namespace, args.lakeEndpoint, args.metastoreUri]).apply(([namespace, lakeEndpoint, metastoreUri]) => {
      const chart = newManifestChart(name, namespace);
      addZeppelin(chart, {
        name: serviceName,
        namespace,
        lakeEndpoint,
        lakeCredentialsSecret: lake.secretName,
        metastoreUri,
        ...(args.metastoreClient ? { metastoreClient: args.metastoreClient } : {}),
        executors: args.executors ?? {},
        claimName,
        resources: args.resources ?? { cpu: "500m", memory: "3Gi", cpuLimit: "2" },
        pool: args.pool ?? "stateful",
        placement,
        labels,
        shiroSecret: shiro.shiroSecret,
        ...(args.platformCa ? { platformCa: args.platformCa } : {}),
        ...(args.sparkImage !== undefined ? { sparkImage: args.sparkImage } : {}),
        ...(args.packagesInImage ? { packagesInImage: true } : {}),
        ...(args.packageSource ? { packageSource: args.packageSource } : {}),
        ...(args.packageCopyImage ? { packageCopyImage: args.packageCopyImage } : {}),
        ...(tls ? { tls: { secretName: `${serviceName}-tls`, password: { name: tls.caBundle.storePasswordSecretName, key: tls.caBundle.storePasswordKey } } } : {}),
      });
      return chart.toJson();
    });
    new ConfigGroup(`${name}-manifests`, { objs }, { parent: this, dependsOn: [notebooks, ...lake.dependsOn, ...shiro.resources, ...certificates] });
    const port = tls ? ZEPPELIN_HTTPS_PORT : ZEPPELIN_PORT;
    this.listeners = [zeppelinListener(serviceName, String(args.namespace), tls !== undefined, port)];
    this.usersSecretName = shiro.usersSecret;

    this.serviceAccountName = serviceName;
    this.url = pulumi.interpolate`${tls ? "https" : "http"}://${serviceName}.${args.namespace}.svc.cluster.local:${port}`;
    this.registerOutputs({ url: this.url });
  }
}
