import { readdirSync, readFileSync } from 'node:fs';
import { fromRoot } from './workspace';

export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

export function loadConnectors(): ConnectorDefinition[] {
  const dir = fromRoot('infra/connectors');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as ConnectorDefinition);
}

/** Where Debezium sends a connector's heartbeats (`<heartbeat prefix>.<topic prefix>`), if it sends any. */
export function heartbeatTopicOf(connector: ConnectorDefinition): string | undefined {
  if (Number(connector.config['heartbeat.interval.ms'] ?? 0) <= 0) return undefined;
  const prefix = connector.config['topic.heartbeat.prefix'] ?? '__debezium-heartbeat';
  return `${prefix}.${connector.config['topic.prefix']}`;
}

/** The `${env:NAME}` references the Connect worker must resolve from its environment. */
export function envReferencesOf(connector: ConnectorDefinition): string[] {
  const names = Object.values(connector.config).flatMap((value) =>
    [...value.matchAll(/\$\{env:([A-Za-z0-9_]+)\}/g)].map((match) => match[1] as string),
  );
  return [...new Set(names)].sort();
}
