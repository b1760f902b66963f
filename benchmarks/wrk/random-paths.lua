-- benchmarks/load.sh memory check: requests to distinct random paths, then stop.
-- Usage: wrk -t1 -c32 -d600s -s random-paths.lua URL -- COUNT SEED MARKER
-- Run with ONE thread: it stops once COUNT responses have come back (a few more may be in flight) and
-- then creates the file MARKER; wrk itself waits for its -d, so the caller ends it with SIGINT once
-- MARKER exists (wrk then prints its report as usual).
-- Every request is distinct (a running number and a random part): a quarter each of
--   /files/ID   200, no route template: each path is its own endpoint to Faultline
--   /missing/ID 404, no route matched
--   /fail/ID    500, the application throws with the path in its message
--   /hello?q=ID 200 with a distinct query
-- and each carries a distinct User-Agent (scanned by the security monitor).
local limit = 10000
local sent = 0
local received = 0
local marker = nil

init = function(args)
  limit = tonumber(args[1]) or limit
  math.randomseed(tonumber(args[2]) or os.time())
  marker = args[3]
end

request = function()
  sent = sent + 1
  local id = string.format("%x%08x", sent, math.random(0, 0x7fffffff))
  local kind = sent % 4
  local path
  if kind == 0 then
    path = "/files/" .. id
  elseif kind == 1 then
    path = "/missing/" .. id
  elseif kind == 2 then
    path = "/fail/" .. id
  else
    path = "/hello?q=" .. id
  end
  return wrk.format("GET", path, { ["User-Agent"] = "load/" .. id })
end

response = function(status, headers, body)
  received = received + 1
  if received == limit then
    if marker then
      local f = io.open(marker, "w")
      if f then
        f:write(received, "\n")
        f:close()
      end
    end
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status))
end
