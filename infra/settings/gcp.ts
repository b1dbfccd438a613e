import { z } from "zod";

/**
 * `batch-platform:gcp` — settings only the GCP hybrid variant reads (GKE, Dataflow, BigQuery).
 * Every field has a default so a stack sets only what differs.
 */
export const gcpSettingsSchema = z.strictObject({});

export type GcpSettings = z.infer<typeof gcpSettingsSchema>;
