// What the Redis store writes and the Lua scripts that change it, each one round trip and atomic,
// so that processes never race between reading a key and writing it. Per instance and method:
//   `lease`  a process id while that process asks upstream (renewed; gone within LEASE_MS if the
//            process dies), then `rest` for the method's gap: the answer is shared, nobody asks;
//   `answer` the last outcome, `{id}|a|{status}|{body}` or `{id}|f|{502|504}|` for a failure;
//   `turn`   when the next action may leave, in Redis's own clock (no process clock is trusted).
// Keys are `{prefix}:{hash}:{method}:…`, the hash a SHA-256 of the API host, id and token: the
// token never reaches Redis. The braces make one instance's keys one Redis Cluster slot.

/** A Lua script, run with EVAL; `name` is for reading stack traces. */
export interface Script {
  readonly source: string;
  readonly name: string;
}

/**
 * KEYS lease, answer; ARGV owner, leaseMs, seen id ('' on the first call).
 * → {'answer', record, pttl} while the answer is shared; {'news', record} when an outcome came
 * since `seen`; {'fetch'} when the caller took the lease; {'wait', '', 0, id} while another holds it.
 */
export const READ: Script = {
  name: 'read',
  source: `
local lease = redis.call('GET', KEYS[1])
local record = redis.call('GET', KEYS[2])
if lease == 'rest' and record then return {'answer', record, redis.call('PTTL', KEYS[1])} end
local id = record and string.match(record, '^[^|]*') or ''
if ARGV[3] ~= '' and id ~= '' and id ~= ARGV[3] then return {'news', record} end
if not lease then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {'fetch'}
end
return {'wait', '', 0, id}`,
};

/** KEYS lease; ARGV owner, leaseMs. Extends the lease while the caller still holds it. */
export const RENEW: Script = {
  name: 'renew',
  source: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
};

/**
 * KEYS lease, answer; ARGV owner, record, gapMs, recordTtlMs, channel, ok ('1' answer, '0' failure).
 * Keeps the outcome and tells every process; the lease rests for the gap after an answer, and
 * ends at once after a failure (the next caller asks again, as one process does). A process whose
 * lease ran out still publishes its outcome but leaves the new holder's lease alone.
 */
export const SETTLE: Script = {
  name: 'settle',
  source: `
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[6] == '1' then redis.call('SET', KEYS[1], 'rest', 'PX', ARGV[3]) else redis.call('DEL', KEYS[1]) end
end
redis.call('PUBLISH', ARGV[5], KEYS[2])
return 1`,
};

/**
 * KEYS turn; ARGV gapMs, waitLimitMs. An action's turn, start to start `gapMs` apart cluster-wide.
 * → {1, waitMs, start} granted (the turn is kept until it is over), {0, waitMs} when further than the limit.
 */
export const PACE: Script = {
  name: 'pace',
  source: `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
if start - now > tonumber(ARGV[2]) then return {0, start - now} end
local after = start + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', after - now)
return {1, start - now, string.format('%d', start)}`,
};

/** KEYS turn; ARGV start, gapMs. A caller that left gives its turn back if nobody took the next one. */
export const GIVE_BACK: Script = {
  name: 'give-back',
  source: `
local start = tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[1]) or '0') ~= start + tonumber(ARGV[2]) then return 0 end
local time = redis.call('TIME')
local left = start - (tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
if left > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', left) else redis.call('DEL', KEYS[1]) end
return 1`,
};

/** An outcome as other processes read it: an answer to share, or the failure every waiter gets. */
export type Outcome = { id: string; answer: { status: number; body: string } } | { id: string; failure: 502 | 504 };

export function encodeOutcome(outcome: Outcome): string {
  return 'answer' in outcome ? `${outcome.id}|a|${outcome.answer.status}|${outcome.answer.body}` : `${outcome.id}|f|${outcome.failure}|`;
}

/** The record as encodeOutcome wrote it; undefined for anything else (another program's key under the same prefix). */
export function decodeOutcome(record: unknown): Outcome | undefined {
  if (typeof record !== 'string') return undefined;
  const match = /^([^|]+)\|([af])\|(\d{3})\|/.exec(record);
  if (!match) return undefined;
  const [head, id, kind, status] = match;
  if (kind === 'a') return { id, answer: { status: Number(status), body: record.slice(head.length) } };
  return status === '504' ? { id, failure: 504 } : { id, failure: 502 };
}

/** What READ answered, checked: a reply of another shape is treated as Redis misbehaving. */
export type ReadStep =
  { kind: 'answer'; outcome: Outcome; freshMs: number } | { kind: 'news'; outcome: Outcome } | { kind: 'fetch' } | { kind: 'wait'; seen: string };

export function readStep(reply: unknown): ReadStep | undefined {
  if (!Array.isArray(reply)) return undefined;
  const [kind, record, pttl, id] = reply as unknown[];
  if (kind === 'fetch') return { kind };
  if (kind === 'wait') return { kind, seen: typeof id === 'string' && id !== '' ? id : '-' };
  const outcome = decodeOutcome(record);
  if (!outcome) return undefined;
  if (kind === 'news') return { kind, outcome };
  if (kind === 'answer' && typeof pttl === 'number') return { kind, outcome, freshMs: Math.max(0, pttl) };
  return undefined;
}

/** What PACE answered: the wait before the turn, and whether it was granted (with its start, for GIVE_BACK). */
export function paceStep(reply: unknown): { granted: boolean; waitMs: number; start: string } | undefined {
  if (!Array.isArray(reply)) return undefined;
  const [granted, waitMs, start] = reply as unknown[];
  if (typeof waitMs !== 'number') return undefined;
  if (granted === 1 && typeof start === 'string') return { granted: true, waitMs, start };
  return granted === 0 ? { granted: false, waitMs, start: '' } : undefined;
}

/**
 * KEYS state; ARGV record (`{atMs}|{state as JSON}`), keptMs, toleranceMs, covering states (as
 * JSON)…. The instance's last state, replaced unless the new one is stale (older than the last by
 * more than toleranceMs) or says nothing new (the same, or covered: then only its time moves on).
 * → {1 changed | 0, previous record or ''}. The same rule as state-ledger.ts's MemoryLedger.
 */
export const STATE_SWAP: Script = {
  name: 'state-swap',
  source: `
local old = redis.call('GET', KEYS[1]) or ''
local oldAt, oldState = string.match(old, '^(%d+)|(.*)$')
local newAt, newState = string.match(ARGV[1], '^(%d+)|(.*)$')
if oldState then
  if tonumber(newAt) + tonumber(ARGV[3]) < tonumber(oldAt) then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {0, old}
  end
  local same = oldState == newState
  for i = 4, #ARGV do if oldState == ARGV[i] then same = true end end
  if same then
    redis.call('SET', KEYS[1], string.format('%d|%s', math.max(tonumber(oldAt), tonumber(newAt)), oldState), 'PX', ARGV[2])
    return {0, old}
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, old}`,
};
