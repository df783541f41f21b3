import { DependencyUnavailableError, NonRetriableError } from './consumer-errors';
import { isDependencyUnavailable } from './dependency-unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe(isDependencyUnavailable.name, () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:15432', 'ECONNREFUSED')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a Postgres admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['a Postgres starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception', withCode('connection failure', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ["pg's dead socket", new Error('Connection terminated unexpectedly')],
    ["pg's pool timeout", new Error('timeout exceeded when trying to connect')],
    ["ioredis's closed connection", new Error('Connection is closed.')],
    ["ioredis's exhausted retries", new Error('Reached the max retries per request limit (which is 2).')],
    [
      'an AggregateError of refusals',
      new AggregateError([withCode('connect ECONNREFUSED ::1', 'ECONNREFUSED')]),
    ],
    ['a cause', new Error('transaction failed', { cause: withCode('x', 'ECONNREFUSED') })],
    ['the class itself', new DependencyUnavailableError('postgres', 'down')],
  ])('says yes to %s', (_name, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a serialization failure (retriable, but the database is up)', withCode('could not serialize', '40001')],
    ['a syntax error', withCode('syntax error at or near "SELEC"', '42601')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a non-retriable error', new NonRetriableError('unknown registration')],
    ['a thrown string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('says no to %s', (_name, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });

  it('stops following a cycle of causes', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(isDependencyUnavailable(a)).toBe(false);
  });
});
