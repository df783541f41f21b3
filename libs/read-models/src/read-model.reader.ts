import type { Redis } from 'ioredis';
import { ACTIVE_GENERATION_KEY } from './read-model.keys';
import {
  moduleSeatsView,
  registrationView,
  type ModuleSeatsView,
  type RegistrationView,
} from './read-model.views';

// Each read resolves the active generation and reads it in one script, so a switch by a rebuild
// can never fall between the two (and the old generation may be dropped right after a switch).
// The scripts name keys they build themselves: fine on one Redis, not on Redis Cluster.
const HGETALL_ACTIVE = `
local generation = redis.call('GET', KEYS[1])
if not generation then return {} end
return redis.call('HGETALL', 'readmodel:' .. generation .. ':' .. ARGV[1])`;

const HGET_ACTIVE = `
local generation = redis.call('GET', KEYS[1])
if not generation then return false end
return redis.call('HGET', 'readmodel:' .. generation .. ':' .. ARGV[1], ARGV[2])`;

const STUDENT_REGISTRATIONS_ACTIVE = `
local generation = redis.call('GET', KEYS[1])
if not generation then return {} end
local prefix = 'readmodel:' .. generation
local ids = redis.call('SMEMBERS', prefix .. ':student:' .. ARGV[1])
if #ids == 0 then return {} end
return redis.call('HMGET', prefix .. ':registrations', unpack(ids))`;

/** Reads the active read models. Used by registration-service (GET /modules) and the gateway. */
export class ReadModelReader {
  constructor(private readonly redis: Redis) {}

  async modules(): Promise<ModuleSeatsView[]> {
    const flat = (await this.redis.eval(HGETALL_ACTIVE, 1, ACTIVE_GENERATION_KEY, 'modules')) as string[];
    const views: ModuleSeatsView[] = [];
    for (let i = 1; i < flat.length; i += 2) views.push(moduleSeatsView.parse(JSON.parse(flat[i] as string)));
    return views.sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }

  async module(moduleId: string): Promise<ModuleSeatsView | undefined> {
    const json = (await this.redis.eval(HGET_ACTIVE, 1, ACTIVE_GENERATION_KEY, 'modules', moduleId)) as
      string | null;
    return json ? moduleSeatsView.parse(JSON.parse(json)) : undefined;
  }

  async registration(registrationId: string): Promise<RegistrationView | undefined> {
    const json = (await this.redis.eval(
      HGET_ACTIVE,
      1,
      ACTIVE_GENERATION_KEY,
      'registrations',
      registrationId,
    )) as string | null;
    return json ? registrationView.parse(JSON.parse(json)) : undefined;
  }

  async registrationsOf(studentId: string): Promise<RegistrationView[]> {
    const values = (await this.redis.eval(
      STUDENT_REGISTRATIONS_ACTIVE,
      1,
      ACTIVE_GENERATION_KEY,
      studentId,
    )) as (string | null)[];
    return values
      .filter((json): json is string => json !== null)
      .map((json) => registrationView.parse(JSON.parse(json)));
  }
}
