// The BullMQ driver's own Redis layout and the Lua scripts that keep it consistent with BullMQ's.
// BullMQ knows nothing of shops or of the injectable clock, so beside each queue's keys the driver
// keeps (all under the queue's prefix, `bull:<queue>:`):
//   ac:owner                HASH  job id → shop (ownership checks, finding a job's shop index)
//   ac:shop:<shop>:pending  ZSET  the shop's unfinished jobs, scored by when indexed (real ms)
//   ac:shop:<shop>:completed|cancelled|dead
//                           ZSET  the shop's finished jobs, scored by when they finished (clock ms)
//   ac:completed|cancelled|dead
//                           ZSET  every finished job, shop or not, by finish time (clock ms): retention
//   ac:due                  HASH  job id → when it is due (clock ms), for delayed runs and retries
//   ac:retrying             SET   jobs waiting for a retry (operator totals)
//   ac:purge                SET   jobs of a purged shop that were running; removed once they stop
// Each script works on one shop's index (or a batch of given ids), never on the whole queue.
// Scripts that move a job between BullMQ's own lists mirror BullMQ 5's scripts (named where they
// do); the contract suite runs them against the real thing, so an upgrade that changes BullMQ's
// layout fails there first.
import type { Redis } from "ioredis";

/** Index entries younger than this may belong to a job whose add is still on its way to Redis. */
export const INDEX_GRACE_MS = 60_000;

export type ScriptCall = (keys: string[], args: (string | number)[]) => Promise<unknown>;

export function defineScript(connection: Redis, name: string, lua: string): ScriptCall {
  // Without numberOfKeys ioredis takes the key count as the first argument; EVALSHA, EVAL on a miss.
  connection.defineCommand(name, { lua });
  const command = (connection as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name];
  return (keys, args) => command.call(connection, keys.length, ...keys, ...args);
}

/** Lua: a table of the ids in BullMQ's active list (short: one entry per running job). */
const activeSet = (key: string) => `
local active = {}
for _, id in ipairs(redis.call("LRANGE", ${key}, 0, -1)) do active[id] = true end
`;

/**
 * One shop's counts. Finished jobs are counted from the shop's finished indexes (O(1)); unfinished
 * ones are looked at one by one (the backlog). A job whose run has finished but whose last
 * BullMQ move has not happened yet counts as running. Repairs entries BullMQ finished without
 * the driver seeing it, and drops entries whose job is gone.
 * KEYS: pending, shopCompleted, shopDead, delayed, active, bullCompleted, bullFailed, completed, owner
 * ARGV: prefix, realNow, graceMs, clockNow
 * → { queued, delayed, retrying, running, completed, dead }
 */
export const SHOP_STATS = `
local rcall = redis.call
local prefix, realNow, grace, clockNow = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
${activeSet("KEYS[5]")}
local queued, delayed, retrying, running = 0, 0, 0, 0
local pending = rcall("ZRANGE", KEYS[1], 0, -1, "WITHSCORES")
for i = 1, #pending, 2 do
  local id = pending[i]
  local jobKey = prefix .. id
  if active[id] then
    running = running + 1
  elseif rcall("EXISTS", jobKey) == 0 then
    if tonumber(pending[i + 1]) < realNow - grace then
      rcall("ZREM", KEYS[1], id)
      rcall("HDEL", KEYS[9], id)
    end
  elseif rcall("ZSCORE", KEYS[6], id) then
    rcall("ZREM", KEYS[1], id)
    rcall("ZADD", KEYS[2], clockNow, id)
    rcall("ZADD", KEYS[8], "NX", clockNow, id)
  elseif rcall("ZSCORE", KEYS[7], id) then
    -- Only the shop's index: the retention entry is left to FILE_UNSEEN_DEAD, which also tells the job.
    rcall("ZREM", KEYS[1], id)
    rcall("ZADD", KEYS[3], clockNow, id)
  elseif tonumber(rcall("HGET", jobKey, "atm") or "0") > 0 then
    retrying = retrying + 1
  elseif rcall("ZSCORE", KEYS[4], id) then
    delayed = delayed + 1
  else
    queued = queued + 1
  end
end
local completed = rcall("ZCARD", KEYS[2])
local dead = rcall("ZCARD", KEYS[3])
for id in pairs(active) do
  if rcall("ZSCORE", KEYS[2], id) then
    completed = completed - 1
    running = running + 1
  elseif rcall("ZSCORE", KEYS[3], id) then
    dead = dead - 1
    running = running + 1
  end
end
return { queued, delayed, retrying, running, completed, dead }
`;

/**
 * Every shop's retry backlog, split by where BullMQ holds it, for operator totals.
 * KEYS: retrying, delayed, bullCompleted, bullFailed, active
 * ARGV: prefix
 * → { waiting, delayed }
 */
export const RETRYING_TOTALS = `
local rcall = redis.call
${activeSet("KEYS[5]")}
local waiting, delayed = 0, 0
for _, id in ipairs(rcall("SMEMBERS", KEYS[1])) do
  if rcall("ZSCORE", KEYS[2], id) then
    delayed = delayed + 1
  elseif active[id] then
    -- running its retry
  elseif rcall("ZSCORE", KEYS[3], id) or rcall("ZSCORE", KEYS[4], id) or rcall("EXISTS", ARGV[1] .. id) == 0 then
    rcall("SREM", KEYS[1], id)
  else
    waiting = waiting + 1
  end
end
return { waiting, delayed }
`;

/**
 * One shop's dead jobs, newest first, that BullMQ has filed as failed.
 * KEYS: shopDead, bullFailed
 * ARGV: prefix, limit
 * → flat list of id, name, attemptsMade, failedReason, failedAt (clock ms)
 */
export const SHOP_FAILURES = `
local rcall = redis.call
local prefix, limit = ARGV[1], tonumber(ARGV[2])
local out, found, start, page = {}, 0, 0, 100
while found < limit do
  local ids = rcall("ZREVRANGE", KEYS[1], start, start + page - 1, "WITHSCORES")
  if #ids == 0 then break end
  local dropped = 0
  for i = 1, #ids, 2 do
    local id = ids[i]
    if found < limit then
      local jobKey = prefix .. id
      if rcall("ZSCORE", KEYS[2], id) then
        local f = rcall("HMGET", jobKey, "name", "atm", "failedReason")
        table.insert(out, id)
        table.insert(out, f[1] or "")
        table.insert(out, f[2] or "0")
        table.insert(out, f[3] or "")
        table.insert(out, ids[i + 1])
        found = found + 1
      elseif rcall("EXISTS", jobKey) == 0 then
        rcall("ZREM", KEYS[1], id)
        dropped = dropped + 1
      end
    end
  end
  if #ids < page * 2 then break end
  start = start + page - dropped
end
return out
`;

/**
 * Puts one shop's dead job back in the queue with its full attempts. Ownership, state and the move
 * are one script, so a foreign or unknown id changes nothing. The move mirrors BullMQ's
 * reprocessJob for a failed job (FIFO, no parent).
 * KEYS: job, events, bullFailed, wait, meta, paused, active, marker, owner, shopDead, pending, dead
 * ARGV: id, shop, realNow
 */
export const RETRY_DEAD = `
local rcall = redis.call
local id = ARGV[1]
if rcall("HGET", KEYS[9], id) ~= ARGV[2] then return "not_found" end
if rcall("EXISTS", KEYS[1]) == 0 then
  rcall("HDEL", KEYS[9], id)
  rcall("ZREM", KEYS[10], id)
  rcall("ZREM", KEYS[11], id)
  rcall("ZREM", KEYS[12], id)
  return "not_found"
end
if not rcall("ZSCORE", KEYS[10], id) then return "not_dead" end
-- Dead by the index but its last attempt is still being filed: not dead yet.
if rcall("ZREM", KEYS[3], id) == 0 then return "not_dead" end
rcall("HDEL", KEYS[1], "finishedOn", "processedOn", "failedReason", "atm", "ats")
local meta = rcall("HMGET", KEYS[5], "paused", "concurrency", "opts.maxLenEvents")
local target, held = KEYS[4], false
if meta[1] then
  target, held = KEYS[6], true
elseif meta[2] and rcall("LLEN", KEYS[7]) >= tonumber(meta[2]) then
  held = true
end
rcall("LPUSH", target, id)
if not held then rcall("ZADD", KEYS[8], 0, "0") end
rcall("XADD", KEYS[2], "MAXLEN", "~", tonumber(meta[3]) or 10000, "*", "event", "waiting", "jobId", id, "prev", "failed")
rcall("ZREM", KEYS[10], id)
rcall("ZREM", KEYS[12], id)
rcall("ZADD", KEYS[11], ARGV[3], id)
return "retried"
`;

/**
 * Cancels up to `limit` of one shop's unfinished jobs, starting at rank `offset` of its pending
 * index; running jobs are left alone (they stop when they next come due). A cancelled delayed job
 * is made due at once, so a worker files it as cancelled now instead of at its old time.
 * KEYS: pending, shopCancelled, cancelled, delayed, active, bullCompleted, bullFailed, due, retrying, marker, owner
 * ARGV: prefix, clockNow, realNow, graceMs, offset, limit
 * → { cancelled, kept, seen }
 */
export const CANCEL_PENDING = `
local rcall = redis.call
local prefix, clockNow, realNow, grace = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local offset, limit = tonumber(ARGV[5]), tonumber(ARGV[6])
${activeSet("KEYS[5]")}
local ids = rcall("ZRANGE", KEYS[1], offset, offset + limit - 1, "WITHSCORES")
local cancelled, kept, wake = 0, 0, false
for i = 1, #ids, 2 do
  local id = ids[i]
  if active[id] or rcall("ZSCORE", KEYS[6], id) or rcall("ZSCORE", KEYS[7], id) then
    kept = kept + 1
  elseif rcall("EXISTS", prefix .. id) == 0 then
    if tonumber(ids[i + 1]) < realNow - grace then
      rcall("ZREM", KEYS[1], id)
      rcall("HDEL", KEYS[11], id)
    else
      kept = kept + 1
    end
  else
    local score = rcall("ZSCORE", KEYS[4], id)
    if score then
      rcall("ZADD", KEYS[4], tonumber(score) % 0x1000, id)
      wake = true
    end
    rcall("ZREM", KEYS[1], id)
    rcall("ZADD", KEYS[2], clockNow, id)
    rcall("ZADD", KEYS[3], clockNow, id)
    rcall("HDEL", KEYS[8], id)
    rcall("SREM", KEYS[9], id)
    cancelled = cancelled + 1
  end
end
if wake then rcall("ZADD", KEYS[10], 0, "0") end
return { cancelled, kept, #ids / 2 }
`;

/**
 * Re-times delayed jobs to the clock as it is now: a job due at clock time T runs at real time
 * now + (T − clock now). Absolute, so running it twice (or from every process that saw the same
 * jump) gives the same result. Keeps BullMQ's delayed score layout (timestamp · 0x1000 + order
 * bits) and moves the workers' wake-up marker as BullMQ's changeDelay does.
 * KEYS: due, delayed, marker
 * ARGV: prefix, realNow, clockNow, ids…
 */
export const RETIME_DELAYED = `
local rcall = redis.call
local prefix, realNow, clockNow = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local moved = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  local due = tonumber(rcall("HGET", KEYS[1], id))
  local score = tonumber(rcall("ZSCORE", KEYS[2], id))
  if due and score then
    local at = math.max(0, realNow + due - clockNow)
    local newScore = at * 0x1000 + score % 0x1000
    if newScore ~= score then
      rcall("ZADD", KEYS[2], newScore, id)
      rcall("HSET", prefix .. id, "delay", math.max(0, at - realNow))
      moved = moved + 1
    end
  end
end
if moved > 0 then
  local first = rcall("ZRANGE", KEYS[2], 0, 0, "WITHSCORES")
  if first[2] then rcall("ZADD", KEYS[3], math.floor(tonumber(first[2]) / 0x1000), "1") end
end
return moved
`;

/**
 * Files a job BullMQ failed without the driver's run seeing it (a job that stalled too often)
 * as dead. Returns 1 when it did, so the caller tells the job.
 * KEYS: bullFailed, dead, owner, due, retrying
 * ARGV: id, clockNow, shopKeyPrefix
 */
export const FILE_UNSEEN_DEAD = `
local rcall = redis.call
local id = ARGV[1]
if not rcall("ZSCORE", KEYS[1], id) or rcall("ZSCORE", KEYS[2], id) then return 0 end
local shop = rcall("HGET", KEYS[3], id)
if shop then
  rcall("ZREM", ARGV[3] .. shop .. ":pending", id)
  rcall("ZADD", ARGV[3] .. shop .. ":dead", ARGV[2], id)
end
rcall("ZADD", KEYS[2], ARGV[2], id)
rcall("HDEL", KEYS[4], id)
rcall("SREM", KEYS[5], id)
return 1
`;

/**
 * Forgets removed jobs in every index of the driver.
 * KEYS: owner, due, retrying, purge, completed, cancelled, dead
 * ARGV: shopKeyPrefix, ids…
 */
export const FORGET = `
local rcall = redis.call
for i = 2, #ARGV do
  local id = ARGV[i]
  local shop = rcall("HGET", KEYS[1], id)
  if shop then
    for _, part in ipairs({ "pending", "completed", "cancelled", "dead" }) do
      rcall("ZREM", ARGV[1] .. shop .. ":" .. part, id)
    end
    rcall("HDEL", KEYS[1], id)
  end
  rcall("HDEL", KEYS[2], id)
  rcall("SREM", KEYS[3], id)
  rcall("SREM", KEYS[4], id)
  rcall("ZREM", KEYS[5], id)
  rcall("ZREM", KEYS[6], id)
  rcall("ZREM", KEYS[7], id)
end
return #ARGV - 1
`;
