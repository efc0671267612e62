-- wrk script for `make bench`: count every response outside 2xx (wrk itself only counts >= 400)
-- and print one machine-readable line at the end. Latencies are in microseconds.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non_2xx = 0
  first_status = 0
  first_location = ""
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    if first_status == 0 then
      first_status = status
      first_location = headers["Location"] or headers["location"] or ""
    end
  end
end

function done(summary, latency, requests)
  local non_2xx_total, status, location = 0, 0, ""
  for _, thread in ipairs(threads) do
    non_2xx_total = non_2xx_total + thread:get("non_2xx")
    if status == 0 and thread:get("first_status") ~= 0 then
      status = thread:get("first_status")
      location = thread:get("first_location")
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %.1f, "p95_us": %.1f, "p99_us": %.1f, '
      .. '"max_us": %.1f, "non_2xx": %d, "first_status": %d, "first_location": "%s", "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    non_2xx_total, status, string.gsub(location, '["\\%c]', ""),
    errors.connect + errors.read + errors.write, errors.timeout
  ))
end
