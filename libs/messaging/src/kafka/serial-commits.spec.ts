import { SerialCommits } from './serial-commits';

describe(SerialCommits.name, () => {
  it('runs commits one at a time, in order, past a failed one', async () => {
    const commits = new SerialCommits();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = commits.run(
      () =>
        new Promise<void>((resolve) => {
          log.push('first started');
          releaseFirst = () => {
            log.push('first done');
            resolve();
          };
        }),
    );
    const failing = commits.run(async () => {
      log.push('second');
      throw new Error('rebalancing');
    });
    const third = commits.run(async () => void log.push('third'));

    await Promise.resolve();
    expect(log).toEqual(['first started']);
    releaseFirst();
    await first;
    await expect(failing).rejects.toThrow('rebalancing');
    await third;
    await commits.settled();
    expect(log).toEqual(['first started', 'first done', 'second', 'third']);
  });
});
