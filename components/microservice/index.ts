export * from "./workload-defaults";
export * from "./yugabyte-provisioning";
export * from "./yugabyte-login";
export * from "./microservice-manifests";
export * from "./microservice";
export * from "./sample-microservices";
