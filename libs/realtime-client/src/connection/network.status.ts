/** Whether the device has a network, where the platform can tell. */
export interface NetworkStatus {
  /** false when known to be offline; true or undefined (unknown) otherwise. */
  online(): boolean | undefined;
  /** Calls `listener` on every online/offline change; returns the unsubscribe function. */
  watch(listener: (online: boolean) => void): () => void;
}

interface BrowserScope {
  navigator?: { onLine?: unknown };
  addEventListener?: (type: string, listener: () => void) => void;
  removeEventListener?: (type: string, listener: () => void) => void;
}

/** `navigator.onLine` and the window's online/offline events in a browser; unknown elsewhere (Node). */
export function platformNetworkStatus(scope: BrowserScope = globalThis as BrowserScope): NetworkStatus {
  return {
    online() {
      const onLine = scope.navigator?.onLine;
      return typeof onLine === 'boolean' ? onLine : undefined;
    },
    watch(listener) {
      const { addEventListener, removeEventListener } = scope;
      if (typeof addEventListener !== 'function' || typeof removeEventListener !== 'function')
        return () => {};
      const online = (): void => listener(true);
      const offline = (): void => listener(false);
      addEventListener.call(scope, 'online', online);
      addEventListener.call(scope, 'offline', offline);
      return () => {
        removeEventListener.call(scope, 'online', online);
        removeEventListener.call(scope, 'offline', offline);
      };
    },
  };
}
