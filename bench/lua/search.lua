-- GET /api/v1/trees/search, cycling through a few common help-desk words.
-- wrk -s search.lua URL -- ACCESS_TOKEN WORD...

local words = {}
local n = 0

function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  for i = 2, #args do
    words[#words + 1] = args[i]
  end
end

function request()
  n = n + 1
  local word = words[(n % #words) + 1]:gsub(" ", "%%20")
  return wrk.format("GET", "/api/v1/trees/search?q=" .. word)
end
