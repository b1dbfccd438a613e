import { LAKE_ZONE_NAMES, type LakeZoneName, type LakeZoneSettings } from "./lake-zone";

/** Problems with per-zone lake settings, each naming the property path, the value and what is allowed. */
export function validateZoneSettings(
  zones: { readonly [zone in LakeZoneName]: LakeZoneSettings },
  storageClasses: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const zone of LAKE_ZONE_NAMES) {
    const settings = zones[zone];
    const path = `zones.${zone}`;
    if (!settings) {
      problems.push(`${path}: missing; expected the zone's settings`);
      continue;
    }
    for (const key of ["retentionDays", "coldAfterDays"] as const) {
      const days = settings[key];
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        problems.push(`${path}.${key}: got ${days}; expected a whole number of days >= 1`);
      }
    }
    if (settings.storageClass !== undefined && !storageClasses.includes(settings.storageClass)) {
      problems.push(`${path}.storageClass: got ${JSON.stringify(settings.storageClass)}; expected ${storageClasses.length ? `one of ${storageClasses.join(", ")}` : "nothing (one storage class only)"}`);
    }
  }
  return problems;
}
