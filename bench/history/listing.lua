-- Per-user filtered listing: kind, model, favorite or a time window, newest first.
local tokens = dofile(os.getenv("HISTORY_BENCH_TOKENS"))
local filters = { "kind=upscale", "kind=textToImage", "model=runware:101@1", "favorite=true", "tag=keep",
  "kind=inpaint&model=runware:100@1", "from=2020-01-01T00:00:00Z&kind=imageToImage" }
request = function()
  return wrk.format("GET", "/api/history?" .. filters[math.random(#filters)] .. "&limit=20",
    { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p95_ms=%.3f p50_ms=%.3f requests=%d errors=%d\n", latency:percentile(95) / 1000,
    latency:percentile(50) / 1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
