import { z } from "zod";

/**
 * Strict schemas of core pod fields that custom resources embed (Spark, Strimzi), shared by their
 * validators: a misspelt key is reported rather than pruned by the API server.
 */
export const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(["Exists", "Equal"]).optional(),
  value: z.string().optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
  tolerationSeconds: z.number().int().optional(),
});
