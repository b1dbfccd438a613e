// The public API of batch-platform: the role contracts, the parts that implement them, their
// arguments and the pipeline declaration. Everything not exported here is internal.
export * from "./cluster";
export * from "./common";
export * from "./database";
export * from "./engine";
export * from "./identity";
export * from "./k8s";
export * from "./lake";
export * from "./metastore";
export * from "./microservice";
export * from "./notebook";
export * from "./orchestrator";
export * from "./pipeline";
export * from "./query";
export * from "./streaming";
export * from "./tls";
export * from "./warehouse";
