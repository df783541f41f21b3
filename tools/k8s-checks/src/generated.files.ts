import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import {
  connectUser,
  deployedConnectors,
  kafkaConnectors,
  kafkaTopics,
  kedaUser,
  scaledObjects,
  serviceUsers,
  type Manifest,
} from './catalog.manifests';
import { loadApps, loadConnectorDefinitions, repoRoot } from './workspace.files';

const HEADER =
  '# Generated from libs/contracts (topic and consumer-group catalogs) and infra/connectors by\n' +
  '# `npm run k8s:generate`; do not edit. A unit spec of tools/k8s-checks fails when this is stale.\n';

/** The manifests as YAML documents, formatted as `prettier --write` leaves them. */
async function yamlDocuments(path: string, manifests: Manifest[]): Promise<string> {
  const text = HEADER + manifests.map((manifest) => `---\n${stringify(manifest, { lineWidth: 0 })}`).join('');
  const filepath = resolve(repoRoot, path);
  return format(text, { ...(await resolveConfig(filepath)), filepath });
}

/** The checked-in files derived from the catalogs, by path relative to the repository root. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const apps = loadApps();
  const connectors = deployedConnectors(loadConnectorDefinitions(), apps);
  const files: Record<string, Manifest[]> = {
    'k8s/base/kafka/topics.generated.yaml': kafkaTopics(connectors),
    'k8s/base/kafka/connectors.generated.yaml': kafkaConnectors(connectors),
    'k8s/base/kafka/users.generated.yaml': [...serviceUsers(apps), connectUser(connectors, apps), kedaUser()],
    'k8s/base/autoscaling/scaled-objects.generated.yaml': scaledObjects(),
  };
  const entries = Object.entries(files).map(async ([path, manifests]) => [
    path,
    await yamlDocuments(path, manifests),
  ]);
  return Object.fromEntries(await Promise.all(entries));
}
