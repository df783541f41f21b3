import { compareGenerations } from './rebuild.comparison';

const entries = (modules: Record<string, unknown>, registrations: Record<string, unknown> = {}) => ({
  modules: new Map(Object.entries(modules).map(([id, view]) => [id, JSON.stringify(view)])),
  registrations: new Map(Object.entries(registrations).map(([id, view]) => [id, JSON.stringify(view)])),
});

describe(compareGenerations.name, () => {
  it('counts equal, differing, missing and extra entries per read model', () => {
    const rebuilt = entries({ A: { v: 1 }, B: { v: 2 }, C: { v: 3 } }, { R1: { s: 'PENDING' } });
    const active = entries(
      { A: { v: 1 }, B: { v: 9 }, D: { v: 4 } },
      { R1: { s: 'PENDING' }, R2: { s: 'x' } },
    );
    expect(compareGenerations(rebuilt, active)).toEqual({
      modules: { equal: 1, differing: 1, missing: 1, extra: 1 },
      registrations: { equal: 1, differing: 0, missing: 0, extra: 1 },
    });
  });

  it('compares views, not their JSON spelling', () => {
    const rebuilt = { modules: new Map([['A', '{"a":1,"b":2}']]), registrations: new Map() };
    const active = { modules: new Map([['A', '{"b":2,"a":1}']]), registrations: new Map() };
    expect(compareGenerations(rebuilt, active).modules.equal).toBe(1);
  });

  it('calls everything missing when no generation was active', () => {
    expect(compareGenerations(entries({ A: {}, B: {} }), undefined).modules).toEqual({
      equal: 0,
      differing: 0,
      missing: 2,
      extra: 0,
    });
  });
});
