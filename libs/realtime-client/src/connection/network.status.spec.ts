import { platformNetworkStatus } from './network.status';

describe(platformNetworkStatus.name, () => {
  it("follows navigator.onLine and the window's online/offline events in a browser", () => {
    const window = Object.assign(new EventTarget(), { navigator: { onLine: true } });
    const network = platformNetworkStatus(window);
    const changes: boolean[] = [];
    const unwatch = network.watch((online) => changes.push(online));

    expect(network.online()).toBe(true);
    window.navigator.onLine = false;
    window.dispatchEvent(new Event('offline'));
    expect(network.online()).toBe(false);
    window.dispatchEvent(new Event('online'));
    unwatch();
    window.dispatchEvent(new Event('offline'));

    expect(changes).toEqual([false, true]);
  });

  it('knows nothing where there is no navigator.onLine (Node)', () => {
    const network = platformNetworkStatus({ navigator: {} });
    expect(network.online()).toBeUndefined();
    expect(() => network.watch(() => undefined)()).not.toThrow();
    expect(platformNetworkStatus().online()).toBeUndefined();
  });
});
