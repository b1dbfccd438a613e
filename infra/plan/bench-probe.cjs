// Preloaded into benchmarked processes: on exit, writes the process's CPU time and peak resident memory.
process.on("exit", () => {
  const file = process.env.BP_BENCH_PROBE_FILE;
  if (!file) return;
  const usage = process.resourceUsage();
  const probe = { userUs: usage.userCPUTime, systemUs: usage.systemCPUTime, maxRssKb: usage.maxRSS };
  require("node:fs").writeFileSync(file, JSON.stringify(probe));
});
