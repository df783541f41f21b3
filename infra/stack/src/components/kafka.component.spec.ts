import { loadStackConfig } from '../stack.config';
import { kafkaProperties, saslCredentialsFile } from './kafka.component';

describe(kafkaProperties.name, () => {
  const config = loadStackConfig({
    STACK_HOME: '/srv/stack',
    KAFKA_PORT: '9092',
    KAFKA_CONTROLLER_PORT: '9093',
    KAFKA_SASL_PORT: '9094',
  });
  const properties = new Map(
    kafkaProperties(config)
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('keeps the PLAINTEXT listener the services use, and adds SASL_PLAINTEXT on KAFKA_SASL_PORT', () => {
    expect(properties.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9093',
    );
    expect(properties.get('advertised.listeners')).toBe(
      'PLAINTEXT://127.0.0.1:9092,SASL_PLAINTEXT://127.0.0.1:9094',
    );
    expect(properties.get('inter.broker.listener.name')).toBe('PLAINTEXT');
    expect(properties.get('listener.security.protocol.map')).toBe(
      'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    );
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
