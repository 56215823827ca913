-- load25.lua - wrk's request mix of the 25th for bench/load.sh (issue #14):
-- WRITES % value writes (default 40) spread over the wards or communes in
-- WARDS, READS % dashboard reads (default 40) of the units in DASH, the rest
-- "what is due" lists. WRITES=0 READS=67 gives the same reads without
-- writes (the read-only rate the mix is compared with).
--
-- Every write sets a value no other write of the run sets (the thread's
-- number times 10^6 plus its own count), so each acknowledged write can be
-- found afterwards in the values' history: a 200 answer to a write is
-- appended to ACK_DIR/ack-N.csv as "indicator,unit,period,value".
--
-- At the end it prints how the dashboards were answered (X-Chitieu-Cache).
--
-- Environment: TOKEN (the reader's API token: a leader), WTOKENS (the
-- writers': "ward=token,..."; a ward missing there writes with TOKEN),
-- WARDS and INDS and DASH (comma lists), PERIOD (yyyymm), WRITES, READS,
-- ACK_DIR (empty: acknowledgements not kept).
local function split(s, default)
	local t = {}
	for x in string.gmatch(s or default, "[^,]+") do t[#t + 1] = x end
	return t
end

local threads = {}
local next_id = 0

function setup(thread)
	next_id = next_id + 1
	thread:set("id", next_id)
	thread:set("seed", math.random(1, 1000000))
	threads[#threads + 1] = thread
end

local wards, inds, dash, auth, wauth, period, writes, reads, ack, count

function init(args)
	math.randomseed((seed or os.time()) + (id or 0))
	wards = split(os.getenv("WARDS"), "01834,01837,01840,01843,01846,01849,01852,01855")
	inds = split(os.getenv("INDS"), "KT01,KT02")
	dash = split(os.getenv("DASH"), "058")
	period = os.getenv("PERIOD") or "202206"
	writes = tonumber(os.getenv("WRITES") or "40")
	reads = tonumber(os.getenv("READS") or "40")
	auth = "Bearer " .. (os.getenv("TOKEN") or "")
	wauth = {}
	for w, t in string.gmatch(os.getenv("WTOKENS") or "", "([^,=]+)=([^,]+)") do
		wauth[w] = "Bearer " .. t
	end
	count = 0
	local dir = os.getenv("ACK_DIR") or ""
	if dir ~= "" then
		ack = assert(io.open(string.format("%s/ack-%d.csv", dir, id or 0), "w"))
	end
end

function request()
	local r = math.random(100)
	if r <= writes then
		count = count + 1
		local ward = wards[math.random(#wards)]
		local body = string.format('{"indicator":"%s","unit":"%s","period":"%s","value":%d}',
			inds[math.random(#inds)], ward, period, (id or 0) * 1000000 + count)
		return wrk.format("PUT", "/api/values",
			{["Authorization"] = wauth[ward] or auth, ["Content-Type"] = "application/json"}, body)
	elseif r <= writes + reads then
		return wrk.format("GET", "/api/eval?unit=" .. dash[math.random(#dash)] .. "&period=" .. period,
			{["Authorization"] = auth})
	end
	return wrk.format("GET", "/api/due", {["Authorization"] = auth})
end

cache_hit, cache_stale, cache_miss = 0, 0, 0

function response(status, headers, body)
	local c = headers["X-Chitieu-Cache"]
	if c == "hit" then
		cache_hit = cache_hit + 1
	elseif c == "stale" then
		cache_stale = cache_stale + 1
	elseif c == "miss" then
		cache_miss = cache_miss + 1
	end
	if ack and status == 200 and string.sub(body, 1, 10) == '{"result":' then
		local i, u, p, v = string.match(body,
			'"indicator":"([^"]*)","unit":"([^"]*)","period":"([^"]*)","value":([-0-9.]+)')
		if i then
			ack:write(i, ",", u, ",", p, ",", v, "\n")
		end
	end
end

function done(summary, latency, requests)
	-- the threads' files are closed (and flushed) when wrk exits
	local h, st, m = 0, 0, 0
	for _, t in ipairs(threads) do
		h = h + (t:get("cache_hit") or 0)
		st = st + (t:get("cache_stale") or 0)
		m = m + (t:get("cache_miss") or 0)
	end
	io.write(string.format("dashboards: %d from the cache, %d stale while recomputed, %d computed\n", h, st, m))
end
