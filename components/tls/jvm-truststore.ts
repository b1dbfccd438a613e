import {
  restrictedInitContainerSecurity,
  type InitContainerResources,
  type RestrictedInitContainerSecurity,
} from "../k8s/restricted-init-container";

/**
 * The truststore of a JVM client of the platform's listeners: the public roots of the image's own
 * JDK (`cacerts`, so Maven Central and other public endpoints still verify) plus the platform CA.
 * An init container of the same image builds it with keytool into an emptyDir the JVM then reads.
 *
 * It holds public certificates only. It is written as JKS, which a JVM loads without a password
 * (JSSE without `javax.net.ssl.trustStorePassword`): no password reaches a JVM option, a conf file
 * or a log.
 * keytool still needs one to write the store; it gets the JDK's public default, `changeit`.
 */

/** Which connections of a JVM client trust the platform CA, and the Secret (`ca.crt`) it comes from. */
export interface PlatformCaTrust {
  /** The CA bundle Secret in the client's namespace (`TlsSettings.caBundle.secretName`). */
  readonly secretName: string;
  /**
   * The platform CA signed the lake's certificate: the JVM's default truststore becomes the JDK's
   * roots plus the CA (S3A to MinIO). False with a stack-given certificate, which must chain to a public root.
   */
  readonly lake: boolean;
  /**
   * The platform CA signed the warehouse's certificate (YSQL): the JVM's JDBC sink or catalog
   * database verifies it through the same truststore. @default false
   */
  readonly warehouse?: boolean;
}

/** The JVM calls a server whose certificate the platform CA signed, so it gets the truststore. */
export function needsJvmTruststore(ca: PlatformCaTrust | undefined): ca is PlatformCaTrust {
  return ca !== undefined && (ca.lake || ca.warehouse === true);
}

/** Volumes and paths of the truststore in a pod. */
export const JVM_TRUSTSTORE = {
  /** emptyDir the init container writes and the JVM reads. */
  volume: "jvm-truststore",
  dir: "/opt/batch-platform/truststore",
  file: "truststore.jks",
  type: "JKS",
  /** The CA bundle Secret, mounted read-only. */
  caVolume: "platform-ca",
  caDir: "/opt/batch-platform/platform-ca",
  caKey: "ca.crt",
  /** The init container's name. */
  container: "jvm-truststore",
  /** Room for the JDK's ~150 roots (about 200 KiB) with a wide margin. */
  sizeLimit: "16Mi",
} as const;

/** The truststore's path inside the pod. */
export const JVM_TRUSTSTORE_PATH = `${JVM_TRUSTSTORE.dir}/${JVM_TRUSTSTORE.file}`;

/** keytool's store password for cacerts and the new store: the JDK's public default, not a secret. */
const KEYTOOL_DEFAULT_PASSWORD = "changeit";

/**
 * The init container's shell script: find the image JDK's `cacerts` next to its keytool, copy its
 * roots into a new JKS store and add the platform CA. `-XX:-UsePerfData`: the root fs is read-only.
 */
export function jvmTruststoreScript(): string {
  const keytool = "keytool -J-XX:-UsePerfData";
  const store = `-keystore ${JVM_TRUSTSTORE_PATH} -storetype ${JVM_TRUSTSTORE.type} -storepass ${KEYTOOL_DEFAULT_PASSWORD}`;
  return [
    "set -eu",
    'home="$(dirname "$(dirname "$(readlink -f "$(command -v keytool)")")")"',
    'cacerts="$home/lib/security/cacerts"',
    '[ -f "$cacerts" ] || cacerts="$home/jre/lib/security/cacerts"',
    `rm -f ${JVM_TRUSTSTORE_PATH}`,
    `${keytool} -importkeystore -noprompt -srckeystore "$cacerts" -srcstorepass ${KEYTOOL_DEFAULT_PASSWORD} ` +
      `-destkeystore ${JVM_TRUSTSTORE_PATH} -deststoretype ${JVM_TRUSTSTORE.type} ` +
      `-deststorepass ${KEYTOOL_DEFAULT_PASSWORD} >/dev/null`,
    `${keytool} -importcert -noprompt -alias batch-platform-ca -file ${JVM_TRUSTSTORE.caDir}/${JVM_TRUSTSTORE.caKey} ${store}`,
  ].join("\n");
}

/** JVM options that make the truststore the JVM's default one (no password: JKS certificates load without it). */
export function truststoreJavaOptions(): string[] {
  return [`-Djavax.net.ssl.trustStore=${JVM_TRUSTSTORE_PATH}`, `-Djavax.net.ssl.trustStoreType=${JVM_TRUSTSTORE.type}`];
}

/** A plain (Kubernetes API) init container that builds the truststore, restricted, read-only root fs. */
export interface TruststoreInitContainer {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: "IfNotPresent";
  readonly command: readonly string[];
  readonly resources: InitContainerResources;
  readonly securityContext: RestrictedInitContainerSecurity;
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}

/** Requests and limits of the init container (keytool is one short JVM run). */
export const TRUSTSTORE_INIT_RESOURCES = { cpu: "100m", memory: "128Mi", cpuLimit: "500m", memoryLimit: "256Mi" };

/** The init container, in `image` (the main container's, whose JDK supplies the roots) as `uid`. */
export function truststoreInitContainer(image: string, uid: number): TruststoreInitContainer {
  const size = TRUSTSTORE_INIT_RESOURCES;
  return {
    name: JVM_TRUSTSTORE.container,
    image,
    imagePullPolicy: "IfNotPresent",
    command: ["sh", "-c", jvmTruststoreScript()],
    resources: {
      requests: { cpu: size.cpu, memory: size.memory },
      limits: { cpu: size.cpuLimit, memory: size.memoryLimit },
    },
    securityContext: restrictedInitContainerSecurity(uid),
    volumeMounts: [
      { name: JVM_TRUSTSTORE.caVolume, mountPath: JVM_TRUSTSTORE.caDir, readOnly: true },
      { name: JVM_TRUSTSTORE.volume, mountPath: JVM_TRUSTSTORE.dir },
    ],
  };
}

/** The two pod volumes: the CA bundle Secret (read-only) and the emptyDir of the store. */
export function truststoreVolumes(
  secretName: string,
): [
  { readonly name: string; readonly secret: { readonly secretName: string } },
  { readonly name: string; readonly emptyDir: { readonly sizeLimit: string } },
] {
  return [
    { name: JVM_TRUSTSTORE.caVolume, secret: { secretName } },
    { name: JVM_TRUSTSTORE.volume, emptyDir: { sizeLimit: JVM_TRUSTSTORE.sizeLimit } },
  ];
}

/** Mounts of the main container: the store read-only (and the CA, which the Spark Operator needs mounted to add its volume). */
export function truststoreMounts(): { readonly name: string; readonly mountPath: string; readonly readOnly: true }[] {
  return [
    { name: JVM_TRUSTSTORE.caVolume, mountPath: JVM_TRUSTSTORE.caDir, readOnly: true },
    { name: JVM_TRUSTSTORE.volume, mountPath: JVM_TRUSTSTORE.dir, readOnly: true },
  ];
}
