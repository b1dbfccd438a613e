export * from "./zeppelin-spark-conf";
export * from "./zeppelin-manifests";
export * from "./zeppelin";
