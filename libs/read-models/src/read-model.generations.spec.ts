import { generationKeyPattern, newGenerationId } from './read-model.generations';
import { generationKeys } from './read-model.keys';

describe(newGenerationId.name, () => {
  it('is sortable by time and safe inside a key and a SCAN pattern', () => {
    const id = newGenerationId(new Date('2026-11-25T12:04:05.678Z'), Buffer.from([0xab, 0x01, 0xff]));
    expect(id).toBe('g20261125t120405678z-ab01ff');
    expect(id).not.toMatch(/[:*?[\]]/);
    expect(newGenerationId(new Date('2026-11-25T12:04:06Z')) > id).toBe(true);
  });

  it('has a pattern that covers every key of its generation and no other', () => {
    const pattern = new RegExp(`^${generationKeyPattern('g1').replace('*', '.*')}$`);
    const keys = generationKeys('g1');
    expect([keys.modules, keys.registrations, keys.student('s')].every((key) => pattern.test(key))).toBe(
      true,
    );
    expect(pattern.test(generationKeys('g10').modules)).toBe(false);
    expect(pattern.test('readmodel:active')).toBe(false);
  });
});
