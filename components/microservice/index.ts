// Re-exports of the microservice/ building blocks.
export * from "./microservice";
export * from "./microservice-database";
export * from "./microservice-manifests";
export * from "./sample-microservices";
