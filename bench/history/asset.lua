local token = os.getenv("HISTORY_BENCH_ASSET_TOKEN")
request = function()
  return wrk.format("GET", os.getenv("HISTORY_BENCH_ASSET_PATH"), token and { ["Authorization"] = "Bearer " .. token } or {})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p95_ms=%.3f requests=%d bytes=%d errors=%d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(95) / 1000, summary.requests, summary.bytes, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
