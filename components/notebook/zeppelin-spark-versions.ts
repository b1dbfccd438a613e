/**
 * The Spark Zeppelin's interpreter runs, apart from the jobs' Spark 4.1: no Zeppelin release runs
 * Spark 4.1 (0.12.1 accepts up to 4.0, ZEPPELIN-6701 is open) and the interpreter's JVM is the
 * Zeppelin image's Java 8, which Spark 4 no longer supports. So notebooks stay on the last Spark
 * 3.5 release, whose maintenance ended on 2026-04-12 (docs/security.md, "Known gaps").
 */
export const ZEPPELIN_SPARK_IMAGE = "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu";
/** Delta 3.3 is built for Spark 3.5 (Scala 2.12). */
export const ZEPPELIN_DELTA_PACKAGE = "io.delta:delta-spark_2.12:3.3.2";
/** Must match the Hadoop Spark 3.5 ships (3.3.4); it brings the AWS SDK v1 bundle. */
export const ZEPPELIN_HADOOP_AWS_PACKAGE = "org.apache.hadoop:hadoop-aws:3.3.4";
/** The packages Zeppelin's Spark uses: Delta and S3A. */
export const ZEPPELIN_SPARK_PACKAGES: readonly string[] = [ZEPPELIN_DELTA_PACKAGE, ZEPPELIN_HADOOP_AWS_PACKAGE];
/** S3A's environment-variable provider in the AWS SDK v1 of hadoop-aws 3.3. */
export const ZEPPELIN_S3A_CREDENTIALS_PROVIDER = "com.amazonaws.auth.EnvironmentVariableCredentialsProvider";
