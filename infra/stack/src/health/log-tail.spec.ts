import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLinesSince, logSize } from './log-tail';

describe(lastLinesSince.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-tail-'));
  const log = join(dir, 'service.log');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("returns only the last lines written after the offset, not an earlier run's", () => {
    appendFileSync(log, 'earlier run\nits last words\n');
    const offset = logSize(log);
    appendFileSync(log, 'one\ntwo\nthree\n');

    expect(lastLinesSince(log, offset, 2)).toEqual(['two', 'three']);
    expect(lastLinesSince(log, offset, 20)).toEqual(['one', 'two', 'three']);
  });

  it('returns nothing when nothing was written since, or there is no log', () => {
    expect(lastLinesSince(log, logSize(log), 20)).toEqual([]);
    expect(lastLinesSince(join(dir, 'missing.log'), 0, 20)).toEqual([]);
  });

  it('reads a long log from its end and drops the cut line', () => {
    const offset = logSize(log);
    const line = 'x'.repeat(999);
    appendFileSync(log, `${line}\n`.repeat(200) + 'the end\n');

    const lines = lastLinesSince(log, offset, 1_000);

    expect(lines.at(-1)).toBe('the end');
    expect(lines.slice(0, -1).every((each) => each === line)).toBe(true);
    expect(lines.length).toBeLessThan(201);
  });
});
