// Services reading the serving store.
export { Microservice, type MicroserviceArgs } from "./microservice";
export { SAMPLE_MICROSERVICES, type MicroserviceDefinition } from "./sample-microservices";
