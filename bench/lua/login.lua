-- POST /api/v1/auth/login/json with one member's email and password.
-- wrk -s login.lua URL -- EMAIL PASSWORD

function init(args)
  wrk.method = "POST"
  wrk.path = "/api/v1/auth/login/json"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = string.format('{"email":"%s","password":"%s"}', args[1], args[2])
end
