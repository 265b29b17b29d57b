-- wrk picks every request at random from the paths in the file named by BENCH_PATHS
-- (one path a line, written by bench/addresses.py): distinct addresses, not one repeated.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end

function setup(thread)
  thread:set("seed", math.random(1, 2147483647))
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
