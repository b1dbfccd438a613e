// Preloaded into benchmarked processes: reports the process's peak resident memory on exit.
process.on("exit", () => {
  if (process.env.BP_BENCH_RSS_FILE) require("node:fs").appendFileSync(process.env.BP_BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
