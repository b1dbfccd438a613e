/** The pinned upstream Trino chart (trinodb.github.io/charts) and the Trino release it runs. */
export const TRINO_CHART = { repo: "https://trinodb.github.io/charts", chart: "trino", version: "1.42.0" } as const;
/** Trino 479, the chart's appVersion, pinned explicitly rather than inherited. */
export const TRINO_IMAGE = { repository: "trinodb/trino", tag: "479" } as const;
/** The `trino` user of the image. */
export const TRINO_UID = 1000;
