import { z } from 'zod';
import { ContractViolation } from './contract-violation';
import { MessageDefinition } from './message-definition';

// A made-up type with three versions, so the chain v1 -> v2 -> v3 is exercised step by step.
const v1 = z.object({ parcelId: z.string().min(1), weight: z.number() });
const v2 = z.object({ parcelId: z.string().min(1), weightGrams: z.number().int() });
const v3 = z.object({ parcelId: z.string().min(1), weight: z.object({ grams: z.number().int().min(0) }) });

const meta = { name: 'ParcelWeighed', topic: 'parcel.events', key: 'parcelId', description: 'test' } as const;

function parcelWeighed(steps: string[] = []) {
  return MessageDefinition.first(meta, v1)
    .version(v2)
    .upcastFrom((previous) => {
      steps.push('v1->v2');
      return { parcelId: previous.parcelId, weightGrams: Math.round(previous.weight * 1000) };
    })
    .version(v3)
    .upcastFrom((previous) => {
      steps.push('v2->v3');
      return { parcelId: previous.parcelId, weight: { grams: previous.weightGrams } };
    });
}

describe(MessageDefinition.name, () => {
  it('knows its versions and takes the last as current', () => {
    const definition = parcelWeighed();
    expect(definition.currentVersion).toBe(3);
    expect(definition.versions.map((version) => version.version)).toEqual([1, 2, 3]);
    expect(definition.versions[0]?.upcast).toBeUndefined();
    expect(definition.versions.slice(1).every((version) => typeof version.upcast === 'function')).toBe(true);
    expect(definition.schema).toBe(v3);
  });

  it('leaves the definition it extends unchanged', () => {
    const first = MessageDefinition.first(meta, v1);
    first.version(v2).upcastFrom((previous) => ({ parcelId: previous.parcelId, weightGrams: 0 }));
    expect(first.currentVersion).toBe(1);
  });

  describe('decode', () => {
    it('upcasts an old payload one version at a time, in order', () => {
      const steps: string[] = [];
      const decoded = parcelWeighed(steps).decode(1, { parcelId: 'p-1', weight: 1.5 });
      expect(decoded).toEqual({
        ok: true,
        data: { parcelId: 'p-1', weight: { grams: 1500 } },
        receivedVersion: 1,
      });
      expect(steps).toEqual(['v1->v2', 'v2->v3']);
    });

    it('starts from the version received', () => {
      const steps: string[] = [];
      const decoded = parcelWeighed(steps).decode(2, { parcelId: 'p-1', weightGrams: 20 });
      expect(decoded).toEqual({
        ok: true,
        data: { parcelId: 'p-1', weight: { grams: 20 } },
        receivedVersion: 2,
      });
      expect(steps).toEqual(['v2->v3']);
    });

    it('returns a current payload as parsed, dropping unknown fields', () => {
      const decoded = parcelWeighed().decode(3, { parcelId: 'p-1', weight: { grams: 5 }, extra: true });
      expect(decoded).toEqual({
        ok: true,
        data: { parcelId: 'p-1', weight: { grams: 5 } },
        receivedVersion: 3,
      });
    });

    it('rejects a payload invalid under the version it claims, naming the field', () => {
      const decoded = parcelWeighed().decode(2, { parcelId: 'p-1', weightGrams: 1.5 });
      expect(decoded.ok).toBe(false);
      expect(decoded).toMatchObject({ code: 'INVALID_DATA' });
      expect(!decoded.ok && decoded.reason).toMatch(/ParcelWeighed v2.*weightGrams/);
    });

    it.each([0, 4, 1.5, -1, Number.NaN])('rejects unknown version %p', (version) => {
      expect(parcelWeighed().decode(version, { parcelId: 'p-1', weight: 1 })).toMatchObject({
        ok: false,
        code: 'UNKNOWN_VERSION',
        reason: expect.stringContaining('known: 1 to 3'),
      });
    });

    it('validates each upcast step, so a faulty upcaster is reported instead of passed on', () => {
      // -1 g passes v2 but not v3 (grams >= 0).
      const decoded = parcelWeighed().decode(1, { parcelId: 'p-1', weight: -0.001 });
      expect(decoded).toMatchObject({ ok: false, code: 'UPCAST_FAILED' });
      expect(!decoded.ok && decoded.reason).toMatch(/from v2 to v3.*weight\.grams/);
    });

    it('reports a throwing upcaster as a result instead of throwing', () => {
      const broken = MessageDefinition.first(meta, v1)
        .version(v2)
        .upcastFrom(() => {
          throw new Error('boom');
        });
      expect(broken.decode(1, { parcelId: 'p-1', weight: 1 })).toEqual({
        ok: false,
        code: 'UPCAST_FAILED',
        reason: 'upcasting ParcelWeighed from v1 to v2 threw: boom',
      });
    });

    it.each([null, undefined, 'text', 42, [], { parcelId: '' }])('rejects %p without throwing', (data) => {
      expect(parcelWeighed().decode(1, data)).toMatchObject({ ok: false, code: 'INVALID_DATA' });
    });
  });

  describe('validate', () => {
    it('returns the parsed current payload', () => {
      expect(parcelWeighed().validate({ parcelId: 'p-1', weight: { grams: 3 }, extra: 1 })).toEqual({
        parcelId: 'p-1',
        weight: { grams: 3 },
      });
    });

    it('throws a ContractViolation that names the type, version and field', () => {
      const attempt = () => parcelWeighed().validate({ parcelId: 'p-1', weight: 3 });
      expect(attempt).toThrow(ContractViolation);
      expect(attempt).toThrow(/^ParcelWeighed: invalid v3 payload: weight: /);
    });
  });
});
