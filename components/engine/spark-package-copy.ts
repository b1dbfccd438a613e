import {
  restrictedInitContainerSecurity,
  type InitContainerResources,
  type RestrictedInitContainerSecurity,
} from "../k8s/restricted-init-container";
import { LAKE_ACCESS_KEY_KEY, LAKE_SECRET_KEY_KEY } from "../lake/lake-credentials";
import { MC_HOST_ENV, mcLakeHost } from "../lake/mc-client";
import { DEFAULT_MC_IMAGE, imageName } from "../lake/minio-images";
import { JVM_TRUSTSTORE } from "../tls/jvm-truststore";
import { ivyJarName, missingPackageProblems, packageCopyScript, type SparkPackageCopy } from "./spark-package-mirror";
import { DELTA_PACKAGE, jobPackages, SPARK_UID, type SparkJobSpec } from "./spark-job-spec";

/** Where the mirror's jars are in a driver or executor pod (an emptyDir). */
export const SPARK_PACKAGE_DIR = "/opt/spark/packages";
const VOLUME = "spark-packages";
/** mc's config directory, inside the emptyDir (mc creates it): the JVM's `dir/*` classpath entry takes only jars. */
const MC_CONFIG = `${SPARK_PACKAGE_DIR}/.mc`;

/** The init container that copies the jars, as the operator's webhook adds it to the pod. */
export interface PackageCopyInitContainer {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: "IfNotPresent";
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly env: readonly (
    | { readonly name: string; readonly value: string }
    | {
        readonly name: string;
        readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
      }
  )[];
  readonly resources: InitContainerResources;
  readonly securityContext: RestrictedInitContainerSecurity;
  readonly volumeMounts: readonly {
    readonly name: string;
    readonly mountPath: string;
    readonly subPath?: string;
    readonly readOnly?: boolean;
  }[];
}

/** What a job's pods get from a mirror's copy. */
export interface SparkPackagePod {
  readonly initContainer: PackageCopyInitContainer;
  readonly volume: { readonly name: string; readonly emptyDir: { readonly sizeLimit: string } };
  /** The Spark container reads the jars. */
  readonly mount: { readonly name: string; readonly mountPath: string; readonly readOnly: true };
  /** Both classpaths (the JVM expands `dir/*` to the jars in it). */
  readonly sparkConf: Readonly<Record<string, string>>;
  /** Delta's Python API is in its jar: on the driver's PYTHONPATH, as `spark.jars.packages` would put it. */
  readonly pyFiles: readonly string[];
}

/**
 * The pod parts of a job whose packages come from a mirror's copy in the lake: the copy runs with
 * the job's own lake keys (read on the mirror's zone), trusting the platform CA where it signed the
 * lake's certificate (the truststore's CA volume, one file). Throws, naming the job, when the copy
 * lacks a package the job needs or the job's storage has no S3 keys.
 */
export function sparkPackagePod(spec: SparkJobSpec, copy: SparkPackageCopy): SparkPackagePod {
  if (spec.storage.kind !== "s3a")
    throw new Error(`SparkJob ${spec.name}: packageSource: needs an S3 lake (the copy uses the job's S3 keys)`);
  if (spec.packagesInImage)
    throw new Error(`SparkJob ${spec.name}: packageSource: set with packagesInImage; expected one place for the jars`);
  const missing = missingPackageProblems(copy, jobPackages(spec));
  if (missing.length > 0) throw new Error(`SparkJob ${spec.name}: ${missing.join("; ")}`);
  const { credentialsSecret, endpoint } = spec.storage;
  const secret = (name: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: credentialsSecret.name, key } },
  });
  // The truststore's CA volume, where the Spark container mounts it too; copied into mc's config.
  const ca = spec.platformCa?.lake
    ? [{ name: JVM_TRUSTSTORE.caVolume, mountPath: JVM_TRUSTSTORE.caDir, readOnly: true }]
    : [];
  const caFile = ca.length > 0 ? `${JVM_TRUSTSTORE.caDir}/${JVM_TRUSTSTORE.caKey}` : undefined;
  return {
    initContainer: {
      name: VOLUME,
      image: imageName(copy.image ?? DEFAULT_MC_IMAGE),
      imagePullPolicy: "IfNotPresent",
      command: ["/bin/sh", "-c"],
      args: [packageCopyScript(copy.source, SPARK_PACKAGE_DIR, MC_CONFIG, caFile)],
      env: [
        // Defined before MC_HOST_lake, which refers to them with $(…).
        secret(LAKE_ACCESS_KEY_KEY, credentialsSecret.accessKeyKey),
        secret(LAKE_SECRET_KEY_KEY, credentialsSecret.secretKeyKey),
        { name: MC_HOST_ENV, value: mcLakeHost(endpoint) },
      ],
      resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "256Mi" } },
      securityContext: restrictedInitContainerSecurity(SPARK_UID),
      volumeMounts: [{ name: VOLUME, mountPath: SPARK_PACKAGE_DIR }, ...ca],
    },
    volume: { name: VOLUME, emptyDir: { sizeLimit: "2Gi" } },
    mount: { name: VOLUME, mountPath: SPARK_PACKAGE_DIR, readOnly: true },
    sparkConf: {
      "spark.driver.extraClassPath": `${SPARK_PACKAGE_DIR}/*`,
      "spark.executor.extraClassPath": `${SPARK_PACKAGE_DIR}/*`,
    },
    pyFiles: [`local://${SPARK_PACKAGE_DIR}/${ivyJarName(DELTA_PACKAGE)}`],
  };
}
