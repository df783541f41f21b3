/** The few Kafka Connect REST calls the stack needs. */
export class ConnectClient {
  constructor(private readonly baseUrl: string) {}

  async isUp(): Promise<boolean> {
    const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  }

  async pluginClasses(): Promise<string[]> {
    const plugins = (await this.get('/connector-plugins')) as { class: string }[];
    return plugins.map((plugin) => plugin.class);
  }

  async connectorNames(): Promise<string[]> {
    return (await this.get('/connectors')) as string[];
  }

  async putConfig(name: string, config: Record<string, string>): Promise<void> {
    const response = await fetch(`${this.baseUrl}/connectors/${encodeURIComponent(name)}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`connector ${name}: ${response.status} ${await response.text()}`);
  }

  async config(name: string): Promise<Record<string, string>> {
    return (await this.get(`/connectors/${encodeURIComponent(name)}/config`)) as Record<string, string>;
  }

  async status(name: string): Promise<ConnectorStatus> {
    return (await this.get(`/connectors/${encodeURIComponent(name)}/status`)) as ConnectorStatus;
  }

  async deleteConnector(name: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/connectors/${encodeURIComponent(name)}`, {
      method: 'DELETE',
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`connector ${name}: ${response.status} ${await response.text()}`);
    }
  }

  private async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
}

export interface ConnectorStatus {
  name: string;
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

export function isRunning(status: ConnectorStatus): boolean {
  return (
    status.connector.state === 'RUNNING' &&
    status.tasks.length > 0 &&
    status.tasks.every((task) => task.state === 'RUNNING')
  );
}

/** The first failure trace of a connector or its tasks, trimmed to what a person reads first. */
export function failureOf(status: ConnectorStatus): string | undefined {
  const trace = status.connector.trace ?? status.tasks.find((task) => task.trace)?.trace;
  return trace?.split('\n').slice(0, 3).join('\n');
}
