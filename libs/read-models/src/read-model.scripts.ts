// Lua run by the projection store. Like the reader's, they build the generation's key names
// themselves: fine on one Redis, not on Redis Cluster.

/**
 * Applies one change to one generation (ARGV[1]) or to every writable one (ARGV[1] = ''), as a
 * compare-and-set on the entry's version: a lower version is `stale`, the same one `replayed`,
 * and neither writes anything. A delete leaves a tombstone with its version, so an older change
 * replayed later cannot resurrect the entry. Registrations also keep their student's SET.
 *
 * KEYS[1] readmodel:active   KEYS[2] readmodel:writable
 * ARGV: generation, model ('modules' | 'registrations'), id, version, view JSON ('' = deleted),
 *       student id of the view (registrations; '' otherwise)
 * Returns { active generation or '', generation, outcome, generation, outcome, ... }.
 */
export const APPLY_CHANGE = `
local generations
if ARGV[1] ~= '' then generations = { ARGV[1] } else generations = redis.call('SMEMBERS', KEYS[2]) end
local model, id, version, view, student = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
local result = { redis.call('GET', KEYS[1]) or '' }
for _, generation in ipairs(generations) do
  local prefix = 'readmodel:' .. generation
  local hash = prefix .. ':' .. model
  local tombstones = prefix .. ':tombstones'
  local field = model .. ':' .. id
  local stored = redis.call('HGET', hash, id)
  local previous = nil
  local current = -1
  if stored then
    previous = cjson.decode(stored)
    current = tonumber(previous.version)
  else
    current = tonumber(redis.call('HGET', tombstones, field) or '-1')
  end
  local outcome
  if version < current then
    outcome = 'stale'
  elseif version == current then
    outcome = 'replayed'
  else
    if view == '' then
      redis.call('HDEL', hash, id)
      redis.call('HSET', tombstones, field, ARGV[4])
    else
      redis.call('HSET', hash, id, view)
      redis.call('HDEL', tombstones, field)
    end
    if model == 'registrations' then
      if previous and (view == '' or previous.studentId ~= student) then
        redis.call('SREM', prefix .. ':student:' .. previous.studentId, id)
      end
      if view ~= '' then redis.call('SADD', prefix .. ':student:' .. student, id) end
    end
    outcome = 'applied'
  end
  result[#result + 1] = generation
  result[#result + 1] = outcome
end
return result`;

/**
 * Makes ARGV[1] the active generation and the only writable one, in one step: readers switch at
 * once, and no live write reaches a replaced generation afterwards, so it can be deleted.
 * KEYS[1] readmodel:active   KEYS[2] readmodel:writable
 * Returns { previous active or '', every replaced generation (the previous active one and any a
 * crashed rebuild left writable) }.
 */
export const SWITCH_ACTIVE = `
local previous = redis.call('GET', KEYS[1]) or ''
local replaced = {}
local seen = {}
if previous ~= '' and previous ~= ARGV[1] then replaced[#replaced + 1] = previous; seen[previous] = true end
for _, generation in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if generation ~= ARGV[1] and not seen[generation] then replaced[#replaced + 1] = generation end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
redis.call('SADD', KEYS[2], ARGV[1])
table.insert(replaced, 1, previous)
return replaced`;

/** Deletes KEYS[1] only while it still holds ARGV[1] (the lock owner's token). */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
