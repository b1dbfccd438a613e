import type { Environment } from "../config/keys";

/**
 * Instances of Airflow's CloudNativePG cluster on oss and azure: a primary and two replicas in
 * prod, one elsewhere. Spread over zones, each instance needs a zone of its own (the anti-affinity
 * is required), so a prod cluster with zones needs at least this many.
 */
export function metadataDatabaseInstances(environment: Environment): number {
  return environment === "prod" ? 3 : 1;
}
