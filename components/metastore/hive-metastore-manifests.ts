import { createHash } from "node:crypto";
import { listenersAnnotation, type Listener } from "../k8s/listener";
import { Duration, Size, type Chart } from "cdk8s";
import * as kplus from "cdk8s-plus-34";
import type { NodePlacement } from "../k8s/placement";
import {
  containerResources,
  mebibytes,
  placeAndHarden,
  restrictedContainer,
  restrictedPod,
  selectorLabels,
  workloadLabels,
  type ContainerSize,
} from "../k8s/workload-defaults";
import { LAKE_ACCESS_KEY_KEY, LAKE_SECRET_KEY_KEY } from "../lake/lake-credentials";
import { envReference, hadoopSiteXml } from "./hadoop-site-xml";
import { METASTORE_BACKEND_PORT, metastoreProxyServer, type MetastoreClientIdentity } from "./metastore-proxy";
import { metastoreProxyParts } from "./metastore-proxy-pod";
import { truststoreJavaOptions } from "../tls/jvm-truststore";
import { truststorePodParts } from "../tls/jvm-truststore-pod";

/** Apache Hive's own image; `SERVICE_NAME=metastore` runs the standalone metastore. */
export const HIVE_IMAGE = "apache/hive:4.0.1";
/** The `hive` user of the apache/hive image. */
export const HIVE_UID = 1000;
export const METASTORE_PORT = 9083;

/** The Secret keys the metastore reads its database login from. */
export const DB_USERNAME_KEY = "username";
export const DB_PASSWORD_KEY = "password";

/**
 * Where the PostgreSQL JDBC driver comes from. The apache/hive image ships none; an init container
 * copies the jar out of another pinned image into a shared volume on the metastore's classpath, so
 * no pod downloads anything at start (a default-deny egress policy would block Maven Central anyway).
 */
export interface JdbcDriverSource {
  /** A pinned image that contains the driver jar. */
  readonly image: string;
  /** Shell glob of the jar inside that image. */
  readonly jarGlob: string;
}

/**
 * The metastore's Thrift listener. Where TLS is on, a ghostunnel proxy in the pod serves it with
 * mutual TLS and admits only the listed clients' certificates (see metastore-proxy.ts); the
 * metastore itself listens on loopback. Where TLS is off (dev), plain Thrift without a login.
 */
export function metastoreListener(
  name: string,
  namespace: string,
  clients?: readonly MetastoreClientIdentity[],
): Listener {
  const base = { component: "hive-metastore", name: "thrift", kind: "api", namespace, service: name } as const;
  if (clients === undefined) {
    const authorization = "NetworkPolicy: Spark, Trino and Zeppelin's namespaces only";
    return { ...base, port: METASTORE_PORT, tls: "none", certificate: "", authentication: "none", authorization };
  }
  const admitted = clients.map((c) => `${c.namespace}/${c.workload}`).join(", ");
  return {
    ...base,
    port: METASTORE_PORT,
    tls: "mtls",
    certificate: `cert-manager Certificate ${name}-tls (ghostunnel proxy in the pod)`,
    authentication: "client-certificate",
    authorization: `only the client certificates of ${admitted} (URI SAN)`,
  };
}

/** Mutual TLS through the server proxy: its certificate Secret and the clients it admits. */
export interface MetastoreMtlsProps {
  readonly secretName: string;
  readonly clients: readonly MetastoreClientIdentity[];
}

/** Plain (resolved) inputs of the metastore's manifests. */
export interface HiveMetastoreManifestProps {
  /** Name of the Deployment, the Service and the prefix of everything else. */
  readonly name: string;
  readonly namespace: string;
  readonly lakeEndpoint: string;
  /** Secret in the namespace with `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`. */
  readonly lakeCredentialsSecret: string;
  readonly warehouseDir: string;
  readonly s3Region: string;
  /** `jdbc:postgresql://host:port/database`, no credentials. */
  readonly jdbcUrl: string;
  /** Secret in the namespace with `username` / `password` of the metastore's database role. */
  readonly dbCredentialsSecret: string;
  readonly replicas: number;
  readonly resources: ContainerSize;
  readonly pool: "system" | "stateful";
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
  readonly jdbcDriver: JdbcDriverSource;
  /** Serve Thrift with mutual TLS through a proxy, the metastore on loopback. @default plain Thrift */
  readonly mtls?: MetastoreMtlsProps;
  /**
   * The platform CA bundle Secret, where its CA signed the lake's or the catalog database's
   * certificate: the JVM (S3A, pgJDBC) also trusts it. @default the JDK's roots
   */
  readonly platformCaSecret?: string;
}

const CONF_DIR = "/opt/hive/conf";
const JDBC_DIR = "/opt/jdbc";

/** `metastore-site.xml`: the backing database and the warehouse on the lake; the login is `${env.…}` only. */
export function metastoreSiteXml(props: Pick<HiveMetastoreManifestProps, "jdbcUrl" | "warehouseDir" | "mtls">): string {
  return hadoopSiteXml({
    "javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
    "javax.jdo.option.ConnectionURL": props.jdbcUrl,
    "javax.jdo.option.ConnectionUserName": envReference("HMS_DB_USER"),
    "javax.jdo.option.ConnectionPassword": envReference("HMS_DB_PASSWORD"),
    "metastore.warehouse.dir": props.warehouseDir,
    "hive.metastore.warehouse.dir": props.warehouseDir,
    "metastore.thrift.port": String(METASTORE_PORT),
    // The schema is created by schematool (init container), never by DataNucleus on the fly.
    "metastore.schema.verification": "true",
    "datanucleus.schema.autoCreateAll": "false",
    // Spark and Trino read notifications without Hive's doAs impersonation. MetastoreConf's name
    // for it does carry `metastore.` twice (hiveName: hive.metastore.event.db.notification.api.auth).
    "metastore.metastore.event.db.notification.api.auth": "false",
    // Behind the mutual-TLS proxy the metastore answers on loopback only.
    ...(props.mtls
      ? { "metastore.thrift.port": String(METASTORE_BACKEND_PORT), "metastore.thrift.bind.host": "127.0.0.1" }
      : {}),
  });
}

/** `core-site.xml`: S3A against the lake (MinIO: path-style), keys from the environment. */
export function coreSiteXml(props: Pick<HiveMetastoreManifestProps, "lakeEndpoint" | "s3Region">): string {
  return hadoopSiteXml({
    "fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "fs.s3a.endpoint": props.lakeEndpoint,
    "fs.s3a.endpoint.region": props.s3Region,
    "fs.s3a.path.style.access": "true",
    "fs.s3a.connection.ssl.enabled": String(props.lakeEndpoint.startsWith("https://")),
    // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, set from the lake credentials Secret.
    "fs.s3a.aws.credentials.provider": "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
  });
}

function secretEnv(chart: Chart, secretName: string, key: string): kplus.EnvValue {
  return kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, `secret-${secretName}-${key}`, secretName), key });
}

/**
 * The metastore's probes: a TCP check of Thrift; behind the proxy the metastore binds to loopback,
 * which the kubelet cannot reach, so the check runs in the container (the image's bash).
 */
function thriftProbe(loopback: boolean, options: kplus.ProbeOptions): kplus.Probe {
  if (!loopback) return kplus.Probe.fromTcpSocket({ port: METASTORE_PORT, ...options });
  return kplus.Probe.fromCommand(["bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${METASTORE_BACKEND_PORT}`], options);
}

/** The metastore's JVM heap: 75% of the memory limit, the rest is metaspace and native memory. */
function heapMebibytes(size: ContainerSize): number {
  return Math.floor(mebibytes(size.memoryLimit ?? size.memory) * 0.75);
}

/**
 * Adds the metastore to `chart`: a ConfigMap with `metastore-site.xml` and `core-site.xml`, a
 * Deployment whose init containers fetch the JDBC driver and run `schematool -initOrUpgradeSchema`
 * (idempotent: creates the schema once, upgrades it after a Hive upgrade, otherwise does nothing),
 * and a ClusterIP Service on 9083. Returns the Deployment.
 */
export function addHiveMetastore(chart: Chart, props: HiveMetastoreManifestProps): kplus.Deployment {
  const labels = workloadLabels(props.name, "metastore", props.labels);
  const files = { "metastore-site.xml": metastoreSiteXml(props), "core-site.xml": coreSiteXml(props) };
  const config = new kplus.ConfigMap(chart, "config", { metadata: { name: `${props.name}-config`, labels }, data: files });
  // subPath mounts never see ConfigMap updates: a changed file changes the pod template and rolls the pods.
  const checksum = createHash("sha256").update(JSON.stringify(files)).digest("hex");
  const configVolume = kplus.Volume.fromConfigMap(chart, "config-volume", config, { name: "config" });
  const jdbcVolume = kplus.Volume.fromEmptyDir(chart, "jdbc-volume", "jdbc", { sizeLimit: Size.mebibytes(64) });
  // The root filesystem is read-only: Hive's logs, scratch files and the JVM's perf data go to /tmp.
  const tmpVolume = kplus.Volume.fromEmptyDir(chart, "tmp-volume", "tmp", { sizeLimit: Size.gibibytes(1) });
  const tmpMount: kplus.VolumeMount = { path: "/tmp", volume: tmpVolume };
  const configMounts: kplus.VolumeMount[] = ["metastore-site.xml", "core-site.xml"].map((file) => ({
    path: `${CONF_DIR}/${file}`,
    volume: configVolume,
    subPath: file,
    readOnly: true,
  }));
  const proxy = props.mtls ? metastoreProxyServer(METASTORE_PORT, props.mtls.secretName, props.mtls.clients) : undefined;
  const trust = props.platformCaSecret
    ? truststorePodParts(chart, { caSecret: props.platformCaSecret, image: HIVE_IMAGE, uid: HIVE_UID })
    : undefined;
  const serviceOpts = [`-Xmx${heapMebibytes(props.resources)}m`, ...(trust ? truststoreJavaOptions() : [])].join(" ");
  const schemaToolOpts = ["-Xmx512m", ...(trust ? truststoreJavaOptions() : [])].join(" ");
  const hiveEnv: Record<string, kplus.EnvValue> = {
    HMS_DB_USER: secretEnv(chart, props.dbCredentialsSecret, DB_USERNAME_KEY),
    HMS_DB_PASSWORD: secretEnv(chart, props.dbCredentialsSecret, DB_PASSWORD_KEY),
    AWS_ACCESS_KEY_ID: secretEnv(chart, props.lakeCredentialsSecret, LAKE_ACCESS_KEY_KEY),
    AWS_SECRET_ACCESS_KEY: secretEnv(chart, props.lakeCredentialsSecret, LAKE_SECRET_KEY_KEY),
    // hadoop-aws and the AWS SDK bundle ship in the image's Hadoop tools; this puts them on the classpath.
    HADOOP_OPTIONAL_TOOLS: kplus.EnvValue.fromValue("hadoop-aws"),
    HADOOP_CLASSPATH: kplus.EnvValue.fromValue(`${JDBC_DIR}/*`),
  };
  const deployment = new kplus.Deployment(chart, "deployment", {
    metadata: { name: props.name, labels },
    replicas: props.replicas,
    select: false,
    podMetadata: { labels, annotations: { "batch-platform.io/config-checksum": checksum } },
    securityContext: restrictedPod(HIVE_UID),
    volumes: [configVolume, jdbcVolume, tmpVolume, ...(trust ? trust.volumes : [])],
    initContainers: [
      {
        name: "jdbc-driver",
        image: props.jdbcDriver.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ["sh", "-c", `cp ${props.jdbcDriver.jarGlob} ${JDBC_DIR}/`],
        securityContext: restrictedContainer(HIVE_UID, true),
        resources: containerResources({ cpu: "50m", memory: "64Mi", cpuLimit: "200m" }),
        volumeMounts: [{ path: JDBC_DIR, volume: jdbcVolume }],
      },
      ...(trust ? [trust.initContainer] : []),
      {
        name: "schema",
        image: HIVE_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ["/opt/hive/bin/schematool", "-dbType", "postgres", "-initOrUpgradeSchema"],
        // schematool connects to the catalog database too: the same truststore (after its init container).
        envVariables: { ...hiveEnv, HADOOP_CLIENT_OPTS: kplus.EnvValue.fromValue(schemaToolOpts) },
        securityContext: restrictedContainer(HIVE_UID, true),
        resources: containerResources({ cpu: "250m", memory: "1Gi", cpuLimit: "1" }),
        volumeMounts: [
          ...configMounts,
          { path: JDBC_DIR, volume: jdbcVolume, readOnly: true },
          tmpMount,
          ...(trust ? [trust.storeMount] : []),
        ],
      },
    ],
    containers: [
      {
        name: "metastore",
        image: HIVE_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: proxy ? [] : [{ number: METASTORE_PORT, name: "thrift" }],
        envVariables: {
          ...hiveEnv,
          SERVICE_NAME: kplus.EnvValue.fromValue("metastore"),
          // The port the metastore binds: the image's entrypoint exports METASTORE_PORT=9083 unless
          // set, and HiveMetastoreCli lets that variable win over metastore.thrift.port.
          METASTORE_PORT: kplus.EnvValue.fromValue(String(proxy ? METASTORE_BACKEND_PORT : METASTORE_PORT)),
          // The image's entrypoint would run schematool itself; the init container already did.
          IS_RESUME: kplus.EnvValue.fromValue("true"),
          // Appended after the entrypoint's -Xmx1G, so this heap wins; public settings only.
          SERVICE_OPTS: kplus.EnvValue.fromValue(serviceOpts),
        },
        securityContext: restrictedContainer(HIVE_UID, true),
        resources: containerResources(props.resources),
        volumeMounts: [
          ...configMounts,
          { path: JDBC_DIR, volume: jdbcVolume, readOnly: true },
          tmpMount,
          ...(trust ? [trust.storeMount] : []),
        ],
        startup: thriftProbe(proxy !== undefined, { periodSeconds: Duration.seconds(10), failureThreshold: 30 }),
        readiness: thriftProbe(proxy !== undefined, { periodSeconds: Duration.seconds(10) }),
        liveness: thriftProbe(proxy !== undefined, { periodSeconds: Duration.seconds(20), failureThreshold: 6 }),
      },
    ],
  });
  deployment.select(kplus.LabelSelector.of({ labels: selectorLabels(props.name) }));
  if (proxy) {
    const parts = metastoreProxyParts(chart, proxy);
    deployment.addVolume(parts.volume);
    deployment.addContainer(parts.container);
  }
  placeAndHarden(deployment, props.pool, props.placement);
  const service = new kplus.Service(chart, "service", {
    metadata: {
      name: props.name,
      labels,
      annotations: listenersAnnotation([metastoreListener(props.name, props.namespace, props.mtls?.clients)]),
    },
    ports: [{ port: METASTORE_PORT, targetPort: METASTORE_PORT, name: "thrift" }],
  });
  for (const [key, value] of Object.entries(selectorLabels(props.name))) service.selectLabel(key, value);
  if (props.replicas > 1) {
    new kplus.k8s.KubePodDisruptionBudget(chart, "pdb", {
      metadata: { name: props.name, labels },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: selectorLabels(props.name) } },
    });
  }
  return deployment;
}

