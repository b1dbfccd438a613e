export * from "./spark-job-spec";
export * from "./spark-application";
export * from "./spark-application-schema";
