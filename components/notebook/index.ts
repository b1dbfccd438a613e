// Zeppelin notebooks on Spark.
export { Zeppelin, type ZeppelinArgs } from "./zeppelin";
