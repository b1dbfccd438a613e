/** The pinned upstream Trino chart (trinodb.github.io/charts) and the Trino release it runs. */
export const TRINO_CHART = { repo: "https://trinodb.github.io/charts", chart: "trino", version: "1.42.2" } as const;
/**
 * Trino 483 (July 2026), the newest release: Trino maintains only its latest. The newest chart,
 * 1.42.2, ships 480; the release notes of 481–483 remove no setting the platform writes, and the
 * one 481 renamed (`fs.s3.enabled`) is written under its new name.
 */
export const TRINO_IMAGE = { repository: "trinodb/trino", tag: "483" } as const;
/** The `trino` user of the image. */
export const TRINO_UID = 1000;
