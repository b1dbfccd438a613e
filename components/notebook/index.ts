// Re-exports of the notebook/ building blocks.
export * from "./zeppelin";
export * from "./zeppelin-manifests";
export * from "./zeppelin-spark-conf";
