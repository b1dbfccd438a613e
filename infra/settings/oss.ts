import { z } from "zod";

/**
 * `batch-platform:oss` — settings only the all-OSS variant reads (Airflow, Spark, YugabyteDB,
 * Trino, Kafka, Zeppelin sizes and toggles). Every field has a default so a stack sets only what differs.
 */
export const ossSettingsSchema = z.strictObject({});

export type OssSettings = z.infer<typeof ossSettingsSchema>;
