import { closeCodes } from '@platform/contracts';
import { Registry } from 'prom-client';
import { GatewayMetrics } from '../core/gateway.metrics';
import { claimsOf, fakeConnection } from './connection.fake';
import { ConnectionRegistry } from './connection.registry';

describe(ConnectionRegistry.name, () => {
  const registryOf = () => {
    const metrics = GatewayMetrics.of(new Registry());
    return { connections: new ConnectionRegistry(metrics), metrics };
  };

  it.each([
    [closeCodes.SESSION_REVOKED, 'session revoked'],
    [closeCodes.SESSION_EXPIRED, 'session expired'],
  ] as const)('closes every connection of an ended session with %i, and only those', (code, reason) => {
    const { connections } = registryOf();
    const [tab, otherTab] = [fakeConnection(claimsOf('a', 's-a')), fakeConnection(claimsOf('a', 's-a'))];
    const elsewhere = fakeConnection(claimsOf('a', 's-a-2'));
    for (const connection of [tab, otherTab, elsewhere]) connections.add(connection);

    connections.sessionEnded('s-a', code);

    expect(tab.close).toHaveBeenCalledWith(code, reason);
    expect(otherTab.close).toHaveBeenCalledWith(code, reason);
    expect(elsewhere.close).not.toHaveBeenCalled();
  });

  it('files a connection under the session of its new claims', () => {
    const { connections } = registryOf();
    const connection = fakeConnection(claimsOf('b', 's-b'));
    connections.add(connection);
    connections.replaceClaims(connection, claimsOf('b', 's-b-2'));

    expect(connection.claims.sessionId).toBe('s-b-2');
    connections.sessionEnded('s-b', closeCodes.SESSION_EXPIRED);
    expect(connection.close).not.toHaveBeenCalled();
    connections.sessionEnded('s-b-2', closeCodes.SESSION_EXPIRED);
    expect(connection.close).toHaveBeenCalledWith(closeCodes.SESSION_EXPIRED, 'session expired');
  });

  it('forgets a removed connection: its session ending or a shutdown no longer closes it', () => {
    const { connections } = registryOf();
    const gone = fakeConnection(claimsOf('c'));
    connections.add(gone);
    connections.remove(gone);
    connections.sessionEnded(gone.claims.sessionId, closeCodes.SESSION_REVOKED);
    connections.closeAll();
    expect(gone.close).not.toHaveBeenCalled();
  });

  it('tells every open connection to go away at shutdown', () => {
    const { connections } = registryOf();
    const open = [fakeConnection(claimsOf('d')), fakeConnection(claimsOf('e'))];
    for (const connection of open) connections.add(connection);
    connections.closeAll();
    for (const connection of open)
      expect(connection.close).toHaveBeenCalledWith(closeCodes.GOING_AWAY, 'gateway shutting down');
  });

  it('lists the open connections with their backlogs and counts them', async () => {
    const { connections, metrics } = registryOf();
    const [f, g] = [fakeConnection(claimsOf('f')), fakeConnection(claimsOf('g'))];
    connections.add(f);
    connections.add(g);
    expect((await metrics.connections.get()).values[0]?.value).toBe(2);

    connections.remove(g);
    expect([...connections.openConnections]).toEqual([f]);
    expect(connections.backlogs()).toEqual([
      { connectionId: f.id, studentId: 'f', queued: 0, bufferedBytes: 0, closing: false },
    ]);
    expect((await metrics.connections.get()).values[0]?.value).toBe(1);
  });
});
