import { KeyLanes, laneOf } from './key-lanes';

describe(KeyLanes.name, () => {
  it('starts the first item of an idle lane and queues the rest behind it', () => {
    const lanes = new KeyLanes<string>();
    expect(lanes.push('a', 'a1')).toBe(true);
    expect(lanes.push('a', 'a2')).toBe(false);
    expect(lanes.push('b', 'b1')).toBe(true);
    expect(lanes.waiting).toBe(1);
  });

  it('hands out a lane’s items one at a time, in order', () => {
    const lanes = new KeyLanes<string>();
    lanes.push('a', 'a1');
    lanes.push('a', 'a2');
    lanes.push('a', 'a3');
    expect(lanes.finishHead('a')).toBe('a2');
    expect(lanes.finishHead('a')).toBe('a3');
    expect(lanes.finishHead('a')).toBeUndefined();
    expect(lanes.push('a', 'a4')).toBe(true);
  });

  it('drops the items that had not started when cleared', () => {
    const lanes = new KeyLanes<string>();
    lanes.push('a', 'a1');
    lanes.push('a', 'a2');
    lanes.push('b', 'b1');
    expect(lanes.clear()).toBe(1);
    expect(lanes.push('a', 'a3')).toBe(true);
  });
});

describe(laneOf.name, () => {
  it('gives messages without a key a lane of their own, apart from any key', () => {
    expect(laneOf(null)).toBe(laneOf(null));
    expect(laneOf(null)).not.toBe(laneOf(Buffer.from('null')));
    expect(laneOf(Buffer.from(''))).not.toBe(laneOf(null));
  });

  it('keeps keys that differ in any byte apart', () => {
    expect(laneOf(Buffer.from([0xff, 0x01]))).not.toBe(laneOf(Buffer.from([0xfe, 0x01])));
    expect(laneOf(Buffer.from('module-1'))).toBe(laneOf(Buffer.from('module-1')));
  });
});
