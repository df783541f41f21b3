import { kafkajsConnection, platformaticConnection } from './kafka-connection';

const brokers = ['kafka-0:9092', 'kafka-1:9092'];
const sasl = { mechanism: 'scram-sha-512' as const, username: 'payment-service', password: 's3cret' };

describe(kafkajsConnection.name, () => {
  it('passes only the brokers for a plain connection', () => {
    expect(kafkajsConnection({ brokers })).toEqual({ brokers });
    expect(kafkajsConnection({ brokers, ssl: false })).toEqual({ brokers });
  });

  it('passes SASL as kafkajs spells it, and TLS with the system CAs or the CA given', () => {
    expect(kafkajsConnection({ brokers, sasl, ssl: true })).toEqual({ brokers, sasl, ssl: true });
    expect(kafkajsConnection({ brokers, ssl: { ca: 'PEM' } })).toEqual({ brokers, ssl: { ca: ['PEM'] } });
  });
});

describe(platformaticConnection.name, () => {
  it('passes only the bootstrap brokers for a plain connection', () => {
    expect(platformaticConnection({ brokers })).toEqual({ bootstrapBrokers: brokers });
    expect(platformaticConnection({ brokers, ssl: false })).toEqual({ bootstrapBrokers: brokers });
  });

  it.each([
    ['plain', 'PLAIN'],
    ['scram-sha-256', 'SCRAM-SHA-256'],
    ['scram-sha-512', 'SCRAM-SHA-512'],
  ] as const)('names the %s mechanism %s', (mechanism, name) => {
    expect(platformaticConnection({ brokers, sasl: { ...sasl, mechanism } }).sasl).toEqual({
      mechanism: name,
      username: 'payment-service',
      password: 's3cret',
    });
  });

  it('turns TLS on with the broker name sent (SNI), trusting the CA given', () => {
    expect(platformaticConnection({ brokers, ssl: true })).toEqual({
      bootstrapBrokers: brokers,
      tls: {},
      tlsServerName: true,
    });
    expect(platformaticConnection({ brokers, ssl: { ca: 'PEM' } }).tls).toEqual({ ca: 'PEM' });
  });
});
