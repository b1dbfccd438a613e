/**
 * Drives per MinIO server. Chart 5.4.0 renders standalone mode (one server) as a Deployment with
 * one PersistentVolumeClaim and reads `drivesPerNode` only in distributed mode, so a second drive
 * in standalone would be asked for, priced, and never exist.
 */
export function minioDrivesProblems(servers: number, drivesPerServer: number, path = "drivesPerServer"): string[] {
  return servers === 1 && drivesPerServer > 1
    ? [
        `${path}: got ${drivesPerServer}; expected 1 with a single server ` +
          "(standalone has one drive; size it with volumeSize, or run 4 or more servers)",
      ]
    : [];
}
