-- Sends each line of a file exactly once, then stops: a refresh token, or a walk.
-- wrk -s once_each.lua URL -- MODE FILE [ACCESS_TOKEN]
--   MODE "refresh": POST /api/v1/auth/refresh with "Authorization: Bearer <line>"
--   MODE "walk":    PUT /api/v1/sessions/<line> answering the start question
-- A reused token would measure the reuse path, not the rotation, so when the
-- lines run out the thread stops sending; done() reports how many were sent.
-- wrk still divides by the whole -d duration then, so the harness discards a
-- run that used every line and repeats it with more.

local lines = {}
-- Globals, so that done() can read them through thread:get().
sent = 0
held = 0
local mode = nil
local access = nil
local answer = '{"op":"answer","answer_id":"a0"}'

function init(args)
  mode = args[1]
  for line in io.lines(args[2]) do
    lines[#lines + 1] = line
  end
  held = #lines
  access = args[3]
end

function request()
  sent = sent + 1
  if sent > held then
    -- The loop stops after this round; this request is never counted.
    wrk.thread:stop()
    return wrk.format("GET", "/exhausted")
  end
  if mode == "refresh" then
    return wrk.format("POST", "/api/v1/auth/refresh", {["Authorization"] = "Bearer " .. lines[sent]})
  end
  return wrk.format("PUT", "/api/v1/sessions/" .. lines[sent], {
    ["Authorization"] = "Bearer " .. access,
    ["Content-Type"] = "application/json",
  }, answer)
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local used, available = 0, 0
  for _, thread in ipairs(threads) do
    local thread_held = thread:get("held")
    used = used + math.min(thread:get("sent"), thread_held)
    available = available + thread_held
  end
  io.write(string.format("bench: lines used %d of %d\n", used, available))
end
