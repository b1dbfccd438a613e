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
 * The metastore's Thrift listener: TLS from the platform CA where TLS is on. No authentication:
 * Hive 4's binary Thrift offers Kerberos (SASL) or nothing — Spark 3.5's built-in Hive 2.3.9 client
 * speaks no SASL PLAIN or JWT, and the server's SSL socket asks for no client certificate. Only the
 * processing, query and explore namespaces reach it (NetworkPolicy).
 */
export function metastoreListener(name: string, namespace: string, tls = false): Listener {
  return {
    component: "hive-metastore",
    name: "thrift",
    kind: "api",
    namespace,
    service: name,
    port: METASTORE_PORT,
    tls: tls ? "tls" : "none",
    certificate: tls ? `cert-manager Certificate ${name}-tls (JKS keystore)` : "",
    authentication: "none",
    authorization: "NetworkPolicy: Spark, Trino and Zeppelin's namespaces only",
  };
}

/** Where the metastore's server certificate is mounted, and the variable carrying its keystore password. */
export const METASTORE_TLS_DIR = "/opt/hive/tls";
export const KEYSTORE_PASSWORD_ENV = "HMS_KEYSTORE_PASSWORD";

/** Thrift over TLS: the certificate Secret (with `keystore.jks`) and the Secret of its password. */
export interface MetastoreTlsProps {
  readonly secretName: string;
  readonly password: { readonly name: string; readonly key: string };
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
  /** Serve Thrift over TLS. @default plain Thrift */
  readonly tls?: MetastoreTlsProps;
  /** The CA bundle Secret whose CA signed the lake's certificate: S3A also trusts it. @default the JDK's roots */
  readonly lakeCaSecret?: string;
}

const CONF_DIR = "/opt/hive/conf";
const JDBC_DIR = "/opt/jdbc";

/** `metastore-site.xml`: the backing database and the warehouse on the lake; the login is `${env.…}` only. */
export function metastoreSiteXml(props: Pick<HiveMetastoreManifestProps, "jdbcUrl" | "warehouseDir" | "tls">): string {
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
    // Thrift over TLS; the keystore password is read from the environment (a Secret), never from this file.
    ...(props.tls
      ? {
          "metastore.use.SSL": "true",
          "metastore.keystore.path": `${METASTORE_TLS_DIR}/keystore.jks`,
          "metastore.keystore.type": "JKS",
          "metastore.keystore.password": envReference(KEYSTORE_PASSWORD_ENV),
        }
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
  const tlsVolume = props.tls
    ? kplus.Volume.fromSecret(chart, "tls-volume", kplus.Secret.fromSecretName(chart, "tls", props.tls.secretName), {
        name: "tls",
      })
    : undefined;
  const trust = props.lakeCaSecret
    ? truststorePodParts(chart, { caSecret: props.lakeCaSecret, image: HIVE_IMAGE, uid: HIVE_UID })
    : undefined;
  const serviceOpts = [`-Xmx${heapMebibytes(props.resources)}m`, ...(trust ? truststoreJavaOptions() : [])].join(" ");
  const tlsEnv: Record<string, kplus.EnvValue> = props.tls
    ? { [KEYSTORE_PASSWORD_ENV]: secretEnv(chart, props.tls.password.name, props.tls.password.key) }
    : {};
  const hiveEnv: Record<string, kplus.EnvValue> = {
    DB_DRIVER: kplus.EnvValue.fromValue("postgres"),
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
    volumes: [configVolume, jdbcVolume, tmpVolume, ...(tlsVolume ? [tlsVolume] : []), ...(trust ? trust.volumes : [])],
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
        envVariables: { ...hiveEnv, HADOOP_CLIENT_OPTS: kplus.EnvValue.fromValue("-Xmx512m") },
        securityContext: restrictedContainer(HIVE_UID, true),
        resources: containerResources({ cpu: "250m", memory: "1Gi", cpuLimit: "1" }),
        volumeMounts: [...configMounts, { path: JDBC_DIR, volume: jdbcVolume, readOnly: true }, tmpMount],
      },
    ],
    containers: [
      {
        name: "metastore",
        image: HIVE_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ number: METASTORE_PORT, name: "thrift" }],
        envVariables: {
          ...hiveEnv,
          SERVICE_NAME: kplus.EnvValue.fromValue("metastore"),
          // The image's entrypoint would run schematool itself; the init container already did.
          IS_RESUME: kplus.EnvValue.fromValue("true"),
          // Appended after the entrypoint's -Xmx1G, so this heap wins; public settings only.
          SERVICE_OPTS: kplus.EnvValue.fromValue(serviceOpts),
          ...tlsEnv,
        },
        securityContext: restrictedContainer(HIVE_UID, true),
        resources: containerResources(props.resources),
        volumeMounts: [
          ...configMounts,
          { path: JDBC_DIR, volume: jdbcVolume, readOnly: true },
          tmpMount,
          ...(tlsVolume ? [{ path: METASTORE_TLS_DIR, volume: tlsVolume, readOnly: true }] : []),
          ...(trust ? [trust.storeMount] : []),
        ],
        startup: kplus.Probe.fromTcpSocket({ port: METASTORE_PORT, periodSeconds: Duration.seconds(10), failureThreshold: 30 }),
        readiness: kplus.Probe.fromTcpSocket({ port: METASTORE_PORT, periodSeconds: Duration.seconds(10) }),
        liveness: kplus.Probe.fromTcpSocket({ port: METASTORE_PORT, periodSeconds: Duration.seconds(20), failureThreshold: 6 }),
      },
    ],
  });
  deployment.select(kplus.LabelSelector.of({ labels: selectorLabels(props.name) }));
  placeAndHarden(deployment, props.pool, props.placement);
  const service = new kplus.Service(chart, "service", {
    metadata: {
      name: props.name,
      labels,
      annotations: listenersAnnotation([metastoreListener(props.name, props.namespace, props.tls !== undefined)]),
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

