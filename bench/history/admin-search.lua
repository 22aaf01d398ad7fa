-- Search across every user's history (an admin token) for a rare tail word.
local tokens = dofile(os.getenv("HISTORY_BENCH_TOKENS"))
request = function()
  return wrk.format("GET", "/api/history?q=tok" .. math.random(0, 4999) .. "&limit=20",
    { ["Authorization"] = "Bearer " .. tokens.admin })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p95_ms=%.3f p50_ms=%.3f requests=%d errors=%d\n", latency:percentile(95) / 1000,
    latency:percentile(50) / 1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
