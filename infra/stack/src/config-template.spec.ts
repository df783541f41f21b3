import { renderTemplate } from './config-template';

describe(renderTemplate.name, () => {
  it('fills every placeholder', () => {
    expect(renderTemplate('port=${PORT}\ndir=${DATA_DIR}', { PORT: 19092, DATA_DIR: '/d' })).toBe(
      'port=19092\ndir=/d',
    );
  });

  it('names the placeholders that have no value', () => {
    expect(() => renderTemplate('a=${A} b=${B} c=${C}', { A: 1 })).toThrow('template needs values for: B, C');
  });

  it("leaves Kafka Connect's ${env:...} references alone", () => {
    expect(renderTemplate('password=${env:DB_PASSWORD}', {})).toBe('password=${env:DB_PASSWORD}');
  });
});
