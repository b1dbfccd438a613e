// Re-exports of the microservice/ building blocks.
export * from "./microservice";
export * from "./microservice-manifests";
export * from "./sample-microservices";
export * from "./yugabyte-login";
export * from "./yugabyte-provisioning";
