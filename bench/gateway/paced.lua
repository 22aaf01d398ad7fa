-- Each connection waits between requests, so 64 connections offer a steady rate far below saturation and the
-- latency measured is the request's own, not time spent queueing behind other requests.
local pause = tonumber(os.getenv("PACE_MS") or "64")
function delay()
  return pause
end
