-- The request mix of scripts/load, run by wrk (its own LuaJIT and the
-- standard library only): an office of logged-in staff browsing, and with
-- the "full" mix also saving and phones fetching calendar feeds.
--
--   wrk ... -s tests/load/mix.lua URL -- DATA.lua browse|full THREADS
--
-- DATA.lua is written by scripts/load after it has logged the sessions in:
-- every account's sessions and the ids it may see (see data_lua there).
-- The weights below are described in docs/reliability.md: change both.

-- Pages, in percent of the browse mix. The cohort page, the instructor's
-- day page and the participant list are the ones that write a read-audit
-- row per citizen shown.
local pages = {
	{"start", 10},
	{"cohort_list", 5},
	{"cohort", 20},
	{"day", 10},
	{"day_attendance", 10},
	{"participant_list", 10},
	{"participant", 35},
}

-- Of the full mix, in percent; the rest is the browse mix.
local full = {
	{"feed", 15},
	{"save_attendance", 4},
	{"announce_absence", 3},
	{"change_phone", 3},
}

local threads = {}

-- Main state: numbers the threads, so each announces absence on its own
-- dates, and keeps them for done().
function setup(thread)
	thread:set("thread_no", #threads)
	table.insert(threads, thread)
end

local data, mix, nthreads
local sessions, markers, editors
local absences = {}
statuses = {}

local function pick(list)
	return list[math.random(#list)]
end

-- The name of the entry whose weight range r (1..100) falls in, or nil.
local function weighted(table_, r)
	local sum = 0
	for _, e in ipairs(table_) do
		sum = sum + e[2]
		if r <= sum then
			return e[1]
		end
	end
	return nil
end

function init(args)
	data = dofile(args[1])
	mix = args[2]
	nthreads = tonumber(args[3])
	math.randomseed(os.time() * 1000 + thread_no)
	sessions, markers, editors = {}, {}, {}
	for _, s in ipairs(data.sessions) do
		local a = data.accounts[s.account]
		s.a = a
		table.insert(sessions, s)
		if #a.marks > 0 then
			table.insert(markers, s)
		end
		if #a.own > 0 then
			table.insert(editors, s)
		end
	end
end

local function get(s, path)
	return wrk.format("GET", path,
			  {["Cookie"] = "mestring_session=" .. s.cookie})
end

local function send(s, method, path, body)
	return wrk.format(method, path, {
		["Cookie"] = "mestring_session=" .. s.cookie,
		["X-CSRF-Token"] = s.csrf,
		["Content-Type"] = "application/json",
	}, body)
end

local function page(s)
	local a = s.a
	local kind = weighted(pages, math.random(100))

	if kind == "day_attendance" and #a.attendance_days == 0 then
		kind = "day"
	end
	if (kind == "cohort" or kind == "cohort_list") and #a.cohorts == 0 or
	    kind == "day" and #a.days == 0 or
	    kind == "participant" and #a.participants == 0 then
		kind = "start"
	end
	if kind == "start" then
		return get(s, "/start")
	elseif kind == "cohort_list" then
		return get(s, "/cohorts")
	elseif kind == "cohort" then
		return get(s, "/cohorts/" .. pick(a.cohorts))
	elseif kind == "day" then
		return get(s, "/days/" .. pick(a.days))
	elseif kind == "day_attendance" then
		return get(s, "/days/" .. pick(a.attendance_days) .. "/attendance")
	elseif kind == "participant_list" then
		return get(s, "/participants")
	end
	return get(s, "/participants/" .. pick(a.participants))
end

-- A one-day absence on a date no other request of the run uses for that
-- citizen (overlapping notices are refused): thread t takes the days
-- t + 1, t + 1 + T, t + 1 + 2T, ... from tomorrow.
local function absence(s)
	local p = pick(s.a.own)
	local n = absences[p] or 0
	local date = os.date("%Y-%m-%d",
			     os.time() + (1 + thread_no + nthreads * n) * 86400)

	absences[p] = n + 1
	return send(s, "POST", "/api/v1/participants/" .. p .. "/absences",
		    '{"first_date": "' .. date .. '", "comment": "Lægebesøg"}')
end

function request()
	local s = pick(sessions)
	local kind = mix == "full" and weighted(full, math.random(100)) or nil

	if kind == "feed" then
		return wrk.format("GET", pick(data.feeds))
	elseif kind == "save_attendance" and #markers > 0 then
		-- The instructor saves a day's marks again, unchanged: still
		-- a whole transaction with its audit rows.
		s = pick(markers)
		local m = pick(s.a.marks)
		return send(s, "PUT", "/api/v1/days/" .. m.day .. "/attendance",
			    m.body)
	elseif kind == "announce_absence" and #editors > 0 then
		return absence(pick(editors))
	elseif kind == "change_phone" and #editors > 0 then
		s = pick(editors)
		return send(s, "PATCH", "/api/v1/participants/" .. pick(s.a.own),
			    string.format('{"phone": "%02d %02d %02d %02d"}',
					  math.random(20, 99), math.random(0, 99),
					  math.random(0, 99), math.random(0, 99)))
	end
	return page(s)
end

function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end

-- Machine-readable lines for scripts/load, after wrk's own summary.
function done(summary, latency, requests)
	local e = summary.errors
	local all = {}

	for _, t in ipairs(threads) do
		for status, n in pairs(t:get("statuses")) do
			all[status] = (all[status] or 0) + n
		end
	end
	print(string.format("load.requests %d", summary.requests))
	print(string.format("load.duration_us %d", summary.duration))
	print(string.format("load.errors %d %d %d %d", e.connect, e.read,
			    e.write, e.timeout))
	for status, n in pairs(all) do
		print(string.format("load.status %d %d", status, n))
	end
	print(string.format("load.latency_us %d %d %d", latency:percentile(50),
			    latency:percentile(99), latency.max))
end
