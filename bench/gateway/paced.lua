-- Each connection waits between requests, so 64 connections offer a steady rate far below saturation and the
-- latency measured is the request's own, not time spent queueing behind other requests. The pauses are random
-- (exponential, mean PACE_MS): with a fixed pause the connections stay in step and arrive as bursts of 64, and p50
-- measures the queue in front of each burst.
local pause = tonumber(os.getenv("PACE_MS") or "64")

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function delay()
  return -pause * math.log(1 - math.random())
end
