-- mix25.lua - wrk's request mix of the 25th (the reporting deadline): 40 %
-- value writes spread over the city's wards, 40 % dashboard reads of the
-- city, 20 % "what is due" lists. TOKEN (an API token) comes from the
-- environment; bench/engines_http.sh sets it. Every answer other than 200
-- is counted by wrk as "Non-2xx".
local wards = {"01834", "01837", "01840", "01843", "01846", "01849", "01852", "01855"}
local inds = {"KT01", "KT02"}
local token = os.getenv("TOKEN") or ""
local auth = "Bearer " .. token

function setup(thread)
	thread:set("seed", math.random(1, 1000000))
end

function init(args)
	math.randomseed(seed or os.time())
end

function request()
	local r = math.random(100)
	if r <= 40 then
		local body = string.format('{"indicator":"%s","unit":"%s","period":"202206","value":%d}',
			inds[math.random(#inds)], wards[math.random(#wards)], math.random(1, 9000))
		return wrk.format("PUT", "/api/values",
			{["Authorization"] = auth, ["Content-Type"] = "application/json"}, body)
	elseif r <= 80 then
		return wrk.format("GET", "/api/eval?unit=058&period=202206", {["Authorization"] = auth})
	end
	return wrk.format("GET", "/api/due", {["Authorization"] = auth})
end
