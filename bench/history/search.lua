-- Per-user full-text search: a random user's token and one or two random head words.
local tokens = dofile(os.getenv("HISTORY_BENCH_TOKENS"))
local words = { "portrait", "castle", "dragon", "forest", "ocean", "night", "sunset", "robot", "lighthouse", "harbour",
  "galaxy", "neon", "watercolor", "cinematic", "misty", "medieval", "surreal", "crystal", "origami", "anime" }
request = function()
  local q = words[math.random(#words)]
  if math.random() < 0.5 then q = q .. "%20" .. words[math.random(#words)] end
  return wrk.format("GET", "/api/history?q=" .. q .. "&limit=20",
    { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p95_ms=%.3f p50_ms=%.3f requests=%d errors=%d\n", latency:percentile(95) / 1000,
    latency:percentile(50) / 1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
