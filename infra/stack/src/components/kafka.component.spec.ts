import { loadStackConfig } from '../stack.config';
import { KafkaComponent, kafkaProperties, saslCredentialsFile } from './kafka.component';

describe(kafkaProperties.name, () => {
  const config = loadStackConfig({
    STACK_HOME: '/srv/stack',
    KAFKA_PORT: '9092',
    KAFKA_CONTROLLER_PORT: '9093',
    KAFKA_SASL_PORT: '9094',
    KAFKA_PROXIED_PORT: '9095',
    KAFKA_PROXY_PORT: '9096',
  });
  const properties = new Map(
    kafkaProperties(config)
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('keeps the PLAINTEXT listener the services use, adds SASL_PLAINTEXT, and PROXIED advertising the proxy', () => {
    expect(properties.get('listeners')?.split(',')).toEqual([
      'PLAINTEXT://127.0.0.1:9092',
      'SASL_PLAINTEXT://127.0.0.1:9094',
      'PROXIED://127.0.0.1:9095',
      'CONTROLLER://127.0.0.1:9093',
    ]);
    expect(properties.get('advertised.listeners')?.split(',')).toEqual([
      'PLAINTEXT://127.0.0.1:9092',
      'SASL_PLAINTEXT://127.0.0.1:9094',
      'PROXIED://127.0.0.1:9096',
    ]);
    expect(properties.get('inter.broker.listener.name')).toBe('PLAINTEXT');
    expect(properties.get('listener.security.protocol.map')).toBe(
      'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,PROXIED:PLAINTEXT',
    );
  });

  it('checks KAFKA_PROXIED_PORT is free before a start, but not the port PROXIED advertises', () => {
    expect(new KafkaComponent(config).ports).toContainEqual({
      host: '127.0.0.1',
      port: 9095,
      variable: 'KAFKA_PROXIED_PORT',
    });
    // The fault proxy holds that one, and may keep running while the broker restarts.
    expect(new KafkaComponent(config).ports.map(({ port }) => port)).not.toContain(9096);
  });

  it('offers both SCRAM mechanisms on the SASL listener', () => {
    expect(properties.get('listener.name.sasl_plaintext.sasl.enabled.mechanisms')).toBe(
      'SCRAM-SHA-256,SCRAM-SHA-512',
    );
    for (const mechanism of ['scram-sha-256', 'scram-sha-512'])
      expect(properties.get(`listener.name.sasl_plaintext.${mechanism}.sasl.jaas.config`)).toBe(
        'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      );
  });

  it('keeps the data and the SCRAM password in the state folder', () => {
    expect(properties.get('log.dirs')).toBe('/srv/stack/kafka/data');
    expect(saslCredentialsFile(config)).toBe('/srv/stack/kafka/sasl-credentials.json');
  });
});
