import { createHash } from "node:crypto";
import { Duration, Size, type Chart } from "cdk8s";
import * as kplus from "cdk8s-plus-34";
import { ZEPPELIN_SPARK_IMAGE } from "./zeppelin-spark-versions";
import { listenersAnnotation } from "../k8s/listener";
import { ZEPPELIN_HTTPS_PORT, zeppelinListener } from "./zeppelin-security";
import type { NodePlacement } from "../k8s/placement";
import {
  containerResources,
  placeAndHarden,
  restrictedContainer,
  restrictedPod,
  selectorLabels,
  workloadLabels,
  type ContainerSize,
} from "../k8s/workload-defaults";
import { LAKE_ACCESS_KEY_KEY, LAKE_SECRET_KEY_KEY } from "../lake/lake-credentials";
import {
  METASTORE_PROXY_LOCAL_URI,
  metastoreProxyClient,
  type MetastoreClientIdentity,
} from "../metastore/metastore-proxy";
import { metastoreProxyParts } from "../metastore/metastore-proxy-pod";
import { JVM_TRUSTSTORE, truststoreJavaOptions } from "../tls/jvm-truststore";
import { packageCopyScript, type SparkPackageSource } from "../engine/spark-package-mirror";
import { MC_CA_MOUNT, MC_CONFIG_DIR, MC_HOST_ENV, mcLakeHost } from "../lake/mc-client";
import { DEFAULT_MC_IMAGE, imageName, type ImageReference } from "../lake/minio-images";
import { truststorePodParts } from "../tls/jvm-truststore-pod";
import {
  BLOCK_MANAGER_PORT,
  DRIVER_PORT,
  EXECUTOR_TEMPLATE_FILE,
  executorPodTemplateFile,
  KUBERNETES_MASTER,
  SPARK_CONF_DIR,
  sparkDefaultsFile,
  zeppelinSparkConf,
  type ZeppelinSparkInput,
} from "./zeppelin-spark-conf";

/** Apache Zeppelin's image; it runs as uid 1000. */
export const ZEPPELIN_IMAGE = "apache/zeppelin:0.11.2";
export const ZEPPELIN_UID = 1000;
export const ZEPPELIN_PORT = 8080;

const ZEPPELIN_HOME = "/opt/zeppelin";
const DATA_DIR = "/data";
/** The Spark distribution the interpreter's spark-submit runs, copied from the executors' image. */
const SPARK_HOME = "/opt/spark-dist";
const TLS_DIR = "/opt/zeppelin/tls";

/** Plain (resolved) inputs of Zeppelin's manifests. */
export interface ZeppelinManifestProps extends ZeppelinSparkInput {
  /** Name of the Deployment, Service and ServiceAccount. */
  readonly name: string;
  /** The PVC holding notebooks and interpreter settings (declared by {@link addNotebookVolumeClaim}). */
  readonly claimName: string;
  readonly resources: ContainerSize;
  readonly pool: "system" | "stateful";
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
  /** Secret with `shiro.ini` (logins required). */
  readonly shiroSecret: string;
  /** HTTPS: the certificate Secret with `keystore.p12` and the Secret holding its password. @default HTTP */
  readonly tls?: { readonly secretName: string; readonly password: { readonly name: string; readonly key: string } };
  /** The metastore (`metastoreUri`) through a mutual-TLS proxy in the pod, as this identity. @default plain Thrift */
  readonly metastoreClient?: MetastoreClientIdentity;
  /**
   * Copy a mirror's jars into the pod before Zeppelin starts (with the pod's lake keys).
   * @default resolve from Maven Central
   */
  readonly packageSource?: SparkPackageSource;
  /** The `mc` image of that copy. @default DEFAULT_MC_IMAGE */
  readonly packageCopyImage?: ImageReference;
}

/** The lake CA's file name where the package copy mounts it. */
const CA_FILE = "lake-ca.crt";

/** Where the mirror's jars are copied in the Zeppelin pod. */
export const SPARK_PACKAGE_DIR = "/opt/zeppelin/spark-packages";

/** Notebooks and interpreter settings, in a claim of their own so it can be protected apart from the pods. */
export function addNotebookVolumeClaim(
  chart: Chart,
  props: { readonly name: string; readonly size: string; readonly storageClassName?: string; readonly labels: Readonly<Record<string, string>> },
): kplus.PersistentVolumeClaim {
  const gibibytes = /^([0-9]+)Gi$/.exec(props.size);
  return new kplus.PersistentVolumeClaim(chart, "notebooks", {
    metadata: { name: props.name, labels: props.labels },
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    storage: Size.gibibytes(gibibytes ? Number(gibibytes[1]) : 5),
    storageClassName: props.storageClassName,
    volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
  });
}

/**
 * Adds Zeppelin to `chart`: a ServiceAccount with a Role that may manage pods and ConfigMaps in its
 * own namespace only (what Spark's driver needs for executors), a ConfigMap with `spark-defaults.conf`
 * and the executor pod template, the Deployment (Recreate: one pod owns the RWO notebook volume;
 * with `metastoreClient`, the metastore proxy beside Zeppelin) and a ClusterIP Service. Returns the Deployment.
 */
export function addZeppelin(chart: Chart, props: ZeppelinManifestProps): kplus.Deployment {
  const labels = workloadLabels(props.name, "notebook", props.labels);
  const serviceAccount = new kplus.ServiceAccount(chart, "service-account", { metadata: { name: props.name, labels }, automountToken: true });
  const role = new kplus.Role(chart, "executor-role", { metadata: { name: `${props.name}-spark-executors`, labels } });
  role.allow(["create", "get", "list", "watch", "delete", "deletecollection", "patch"], kplus.ApiResource.PODS);
  role.allow(["create", "get", "list", "watch", "delete", "deletecollection"], kplus.ApiResource.CONFIG_MAPS);
  const binding = new kplus.RoleBinding(chart, "executor-role-binding", { metadata: { name: `${props.name}-spark-executors`, labels }, role });
  binding.addSubjects(serviceAccount);

  // The interpreter's driver runs in this pod: it reaches the metastore through the pod's proxy.
  const metastoreProxy =
    props.metastoreClient && props.metastoreUri !== undefined
      ? metastoreProxyParts(chart, metastoreProxyClient(props.metastoreClient, props.metastoreUri))
      : undefined;
  const spark = {
    ...props,
    ...(metastoreProxy ? { metastoreUri: METASTORE_PROXY_LOCAL_URI } : {}),
    ...(props.packageSource ? { packageDir: SPARK_PACKAGE_DIR } : {}),
  };
  const files = {
    "spark-defaults.conf": sparkDefaultsFile(zeppelinSparkConf(spark)),
    [EXECUTOR_TEMPLATE_FILE]: executorPodTemplateFile(props.placement, props.platformCa, props.sparkImage),
  };
  const sparkConf = new kplus.ConfigMap(chart, "spark-conf", { metadata: { name: `${props.name}-spark-conf`, labels }, data: files });
  const checksum = createHash("sha256").update(JSON.stringify(files)).digest("hex");

  const lake = kplus.Secret.fromSecretName(chart, "lake-credentials", props.lakeCredentialsSecret);
  const notebooks = kplus.Volume.fromPersistentVolumeClaim(chart, "notebooks-volume", kplus.PersistentVolumeClaim.fromClaimName(chart, "notebooks-claim", props.claimName), { name: "data" });
  const sparkConfVolume = kplus.Volume.fromConfigMap(chart, "spark-conf-volume", sparkConf, { name: "spark-conf" });
  const sparkDist = kplus.Volume.fromEmptyDir(chart, "spark-dist-volume", "spark-dist", { sizeLimit: Size.gibibytes(2) });
  // The root filesystem is read-only: logs, pid files, the unpacked web app and interpreter
  // dependencies go to emptyDirs, notebooks and interpreter.json to the volume.
  const scratch = ["logs", "run", "webapps", "local-repo"].map((dir) => ({
    dir,
    volume: kplus.Volume.fromEmptyDir(chart, `${dir}-volume`, dir, { sizeLimit: Size.gibibytes(1) }),
  }));
  const tmp = kplus.Volume.fromEmptyDir(chart, "tmp-volume", "tmp", { sizeLimit: Size.gibibytes(4) });
  const packages = props.packageSource ? sparkPackageCopy(chart, props, props.packageSource, lake, tmp) : undefined;
  const shiro = kplus.Volume.fromSecret(chart, "shiro-volume", kplus.Secret.fromSecretName(chart, "shiro", props.shiroSecret), { name: "shiro" });
  const tlsVolume = props.tls ? [kplus.Volume.fromSecret(chart, "tls-volume", kplus.Secret.fromSecretName(chart, "tls", props.tls.secretName), { name: "tls" })] : [];
  // The interpreter's driver runs in this container (the Zeppelin image's JDK supplies the roots).
  const ca = props.platformCa;
  const trust = ca?.lake
    ? truststorePodParts(chart, { caSecret: ca.secretName, image: ZEPPELIN_IMAGE, uid: ZEPPELIN_UID })
    : undefined;
  const driverJavaOptions: Record<string, kplus.EnvValue> = ca?.lake
    ? { ZEPPELIN_INTP_JAVA_OPTS: kplus.EnvValue.fromValue(truststoreJavaOptions().join(" ")) }
    : {};
  const port = props.tls ? ZEPPELIN_HTTPS_PORT : ZEPPELIN_PORT;
  const scheme = props.tls ? kplus.ConnectionScheme.HTTPS : kplus.ConnectionScheme.HTTP;
  const sslEnv: Record<string, kplus.EnvValue> = props.tls
    ? {
        ZEPPELIN_SSL: kplus.EnvValue.fromValue("true"),
        ZEPPELIN_SSL_PORT: kplus.EnvValue.fromValue(String(ZEPPELIN_HTTPS_PORT)),
        ZEPPELIN_SSL_KEYSTORE_PATH: kplus.EnvValue.fromValue(`${TLS_DIR}/keystore.p12`),
        ZEPPELIN_SSL_KEYSTORE_TYPE: kplus.EnvValue.fromValue("PKCS12"),
        ZEPPELIN_SSL_KEYSTORE_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, "tls-password", props.tls.password.name), key: props.tls.password.key }),
      }
    : {};

  const deployment = new kplus.Deployment(chart, "deployment", {
    metadata: { name: props.name, labels },
    replicas: 1,
    strategy: kplus.DeploymentStrategy.recreate(),
    select: false,
    podMetadata: { labels, annotations: { "batch-platform.io/config-checksum": checksum } },
    serviceAccount,
    automountServiceAccountToken: true,
    securityContext: restrictedPod(ZEPPELIN_UID),
    volumes: [
      ...[notebooks, sparkConfVolume, sparkDist, tmp, shiro, ...tlsVolume, ...scratch.map((s) => s.volume)],
      ...(trust?.volumes ?? []),
      ...(metastoreProxy ? [metastoreProxy.volume] : []),
      ...(packages?.volumes ?? []),
    ],
    initContainers: [
      {
        name: "spark-dist",
        image: props.sparkImage ?? ZEPPELIN_SPARK_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ["sh", "-c", `cp -R /opt/spark/. ${SPARK_HOME}/`],
        securityContext: restrictedContainer(ZEPPELIN_UID, true),
        resources: containerResources({ cpu: "100m", memory: "128Mi", cpuLimit: "500m" }),
        volumeMounts: [{ path: SPARK_HOME, volume: sparkDist }],
      },
      ...(trust ? [trust.initContainer] : []),
      ...(packages ? [packages.initContainer] : []),
    ],
    containers: [
      {
        name: "zeppelin",
        image: ZEPPELIN_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [
          { number: port, name: props.tls ? "https" : "http" },
          { number: DRIVER_PORT, name: "spark-driver" },
          { number: BLOCK_MANAGER_PORT, name: "spark-blocks" },
        ],
        envVariables: {
          // Defined before SPARK_SUBMIT_OPTIONS, which refers to them with $(…).
          POD_IP: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_IP),
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
          ZEPPELIN_PORT: kplus.EnvValue.fromValue(String(ZEPPELIN_PORT)),
          // The interpreters run in this pod (SparkInterpreterLauncher, with the Spark setup below).
          // "auto" picks Kubernetes mode wherever a service account token is mounted, and then
          // starts each interpreter in a pod of its own from Zeppelin's template, without any of it.
          ZEPPELIN_RUN_MODE: kplus.EnvValue.fromValue("local"),
          // Logins are required because conf/shiro.ini exists (Zeppelin has no switch for it since
          // 0.9); a note is visible only to its owner until shared.
          ZEPPELIN_NOTEBOOK_PUBLIC: kplus.EnvValue.fromValue("false"),
          ...sslEnv,
          ZEPPELIN_NOTEBOOK_DIR: kplus.EnvValue.fromValue(`${DATA_DIR}/notebook`),
          // interpreter.json (interpreter settings edited in the UI) survives restarts on the volume.
          ZEPPELIN_CONFIG_FS_DIR: kplus.EnvValue.fromValue(`${DATA_DIR}/conf`),
          SPARK_HOME: kplus.EnvValue.fromValue(SPARK_HOME),
          SPARK_CONF_DIR: kplus.EnvValue.fromValue(SPARK_CONF_DIR),
          SPARK_MASTER: kplus.EnvValue.fromValue(KUBERNETES_MASTER),
          // Executors connect back to this pod; they are owned by it and go away with it.
          SPARK_SUBMIT_OPTIONS: kplus.EnvValue.fromValue("--conf spark.driver.host=$(POD_IP) --conf spark.kubernetes.driver.pod.name=$(POD_NAME)"),
          // uid 1000 has no passwd entry in the image; Hadoop's login needs a user name.
          SPARK_USER: kplus.EnvValue.fromValue("zeppelin"),
          HADOOP_USER_NAME: kplus.EnvValue.fromValue("zeppelin"),
          AWS_ACCESS_KEY_ID: kplus.EnvValue.fromSecretValue({ secret: lake, key: LAKE_ACCESS_KEY_KEY }),
          AWS_SECRET_ACCESS_KEY: kplus.EnvValue.fromSecretValue({ secret: lake, key: LAKE_SECRET_KEY_KEY }),
          // Read by bin/common.sh into the interpreter's --driver-java-options; public settings only.
          ...driverJavaOptions,
        },
        securityContext: restrictedContainer(ZEPPELIN_UID, true),
        resources: containerResources(props.resources),
        volumeMounts: [
          { path: DATA_DIR, volume: notebooks },
          { path: SPARK_CONF_DIR, volume: sparkConfVolume, readOnly: true },
          { path: SPARK_HOME, volume: sparkDist, readOnly: true },
          { path: "/tmp", volume: tmp },
          { path: `${ZEPPELIN_HOME}/conf/shiro.ini`, volume: shiro, subPath: "shiro.ini", readOnly: true },
          ...tlsVolume.map((volume) => ({ path: TLS_DIR, volume, readOnly: true })),
          ...scratch.map((s) => ({ path: `${ZEPPELIN_HOME}/${s.dir}`, volume: s.volume })),
          ...(trust ? [trust.storeMount] : []),
          ...(packages ? [{ path: SPARK_PACKAGE_DIR, volume: packages.jars, readOnly: true }] : []),
        ],
        // /api/version is the one page Shiro leaves to anonymous callers.
        startup: kplus.Probe.fromHttpGet("/api/version", { port, scheme, periodSeconds: Duration.seconds(10), failureThreshold: 30 }),
        readiness: kplus.Probe.fromHttpGet("/api/version", { port, scheme, periodSeconds: Duration.seconds(10) }),
        liveness: kplus.Probe.fromTcpSocket({ port, periodSeconds: Duration.seconds(20), failureThreshold: 6 }),
      },
      ...(metastoreProxy ? [metastoreProxy.container] : []),
    ],
  });
  deployment.select(kplus.LabelSelector.of({ labels: selectorLabels(props.name) }));
  // The Zeppelin pod holds the notebooks and the interactive driver: on-demand nodes, no spot toleration.
  placeAndHarden(deployment, props.pool, props.placement);
  const service = new kplus.Service(chart, "service", {
    metadata: { name: props.name, labels, annotations: listenersAnnotation([zeppelinListener(props.name, props.namespace, props.tls !== undefined, port)]) },
    ports: [{ port, targetPort: port, name: props.tls ? "https" : "http" }],
  });
  for (const [key, value] of Object.entries(selectorLabels(props.name))) service.selectLabel(key, value);
  return deployment;
}

/**
 * The init container that copies a mirror's jars into the pod with Zeppelin's own lake keys (read
 * on the mirror's zone): it waits for the mirror's marker, so a half-uploaded copy is never used.
 */
function sparkPackageCopy(
  chart: Chart,
  props: ZeppelinManifestProps,
  source: SparkPackageSource,
  lake: kplus.ISecret,
  tmp: kplus.Volume,
): { initContainer: kplus.ContainerProps; volumes: kplus.Volume[]; jars: kplus.Volume } {
  const jars = kplus.Volume.fromEmptyDir(chart, "spark-packages-volume", "spark-packages", {
    sizeLimit: Size.gibibytes(2),
  });
  // mc trusts the platform CA where it signed the lake's certificate.
  const caSecret = props.platformCa?.lake
    ? kplus.Secret.fromSecretName(chart, "lake-ca", props.platformCa.secretName)
    : undefined;
  const ca = caSecret
    ? kplus.Volume.fromSecret(chart, "lake-ca-volume", caSecret, {
        name: "lake-ca",
        items: { [JVM_TRUSTSTORE.caKey]: { path: CA_FILE } },
      })
    : undefined;
  const initContainer: kplus.ContainerProps = {
    name: "spark-packages",
    image: imageName(props.packageCopyImage ?? DEFAULT_MC_IMAGE),
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ["/bin/sh", "-c"],
    args: [packageCopyScript(source, SPARK_PACKAGE_DIR, MC_CONFIG_DIR, ca ? `${MC_CA_MOUNT}/${CA_FILE}` : undefined)],
    envVariables: {
      // Defined before MC_HOST_lake, which refers to them with $(…).
      [LAKE_ACCESS_KEY_KEY]: kplus.EnvValue.fromSecretValue({ secret: lake, key: LAKE_ACCESS_KEY_KEY }),
      [LAKE_SECRET_KEY_KEY]: kplus.EnvValue.fromSecretValue({ secret: lake, key: LAKE_SECRET_KEY_KEY }),
      [MC_HOST_ENV]: kplus.EnvValue.fromValue(mcLakeHost(props.lakeEndpoint)),
    },
    securityContext: restrictedContainer(ZEPPELIN_UID, true),
    resources: containerResources({ cpu: "100m", memory: "256Mi", cpuLimit: "1" }),
    volumeMounts: [
      { path: SPARK_PACKAGE_DIR, volume: jars },
      { path: "/tmp", volume: tmp },
      ...(ca ? [{ path: MC_CA_MOUNT, volume: ca, readOnly: true }] : []),
    ],
  };
  return { initContainer, volumes: [jars, ...(ca ? [ca] : [])], jars };
}
