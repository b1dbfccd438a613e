import { validateSparkApplication } from "../../components/engine/spark-application-schema";
import { CLOUDNATIVE_PG_VALIDATORS } from "../../components/database/cloudnative-pg-schema";
import { STRIMZI_VALIDATORS } from "../../components/streaming/strimzi-schema";
import { CERT_MANAGER_VALIDATORS } from "../../components/tls/cert-manager-schema";
import type { CustomResourceValidator } from "./validate-kubernetes";

/**
 * The custom resources the project emits, by `apiVersion/kind`, with their strict validators: no
 * CRD is loaded at plan time, and a field the CRD does not define would be pruned silently by the
 * API server, so each validator also rejects unknown fields.
 */
export const CUSTOM_RESOURCE_VALIDATORS: Readonly<Record<string, CustomResourceValidator>> = {
  "sparkoperator.k8s.io/v1beta2/SparkApplication": validateSparkApplication,
  ...STRIMZI_VALIDATORS,
  ...CLOUDNATIVE_PG_VALIDATORS,
  ...CERT_MANAGER_VALIDATORS,
};
