import { z } from 'zod';
import { hostPortList, port } from './environment.schemas';
import { ConfigurationError, parseEnvironment } from './parse-environment';

describe(parseEnvironment.name, () => {
  const schema = z.object({ HTTP_PORT: port, KAFKA_BROKERS: hostPortList, DB_USER: z.string().min(1) });

  it('returns the parsed values', () => {
    expect(
      parseEnvironment('svc', schema, { HTTP_PORT: '3000', KAFKA_BROKERS: 'a:1, b:2', DB_USER: 'u' }),
    ).toEqual({
      HTTP_PORT: 3000,
      KAFKA_BROKERS: ['a:1', 'b:2'],
      DB_USER: 'u',
    });
  });

  it('names every bad variable in one error', () => {
    const failure = (() => {
      try {
        parseEnvironment('svc', schema, { HTTP_PORT: '99999', KAFKA_BROKERS: 'nohost' });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ConfigurationError);
    const { problems, message } = failure as ConfigurationError;
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'HTTP_PORT',
      'KAFKA_BROKERS.0',
      'DB_USER',
    ]);
    expect(message).toMatch(/^Invalid svc configuration:/);
  });
});
