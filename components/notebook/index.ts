// Zeppelin notebooks on Spark.
export { Zeppelin, type ZeppelinArgs } from "./zeppelin";
export { ZEPPELIN_SPARK_IMAGE, ZEPPELIN_SPARK_PACKAGES } from "./zeppelin-spark-versions";
