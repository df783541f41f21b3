import { existsSync } from 'node:fs';
import type { KubernetesObject } from './kustomize.renderer';
import { crdValidators, validateWithModels } from './schema.validators';
import { strimziSchemasDir } from './workspace.files';

const deployment = (spec: unknown): KubernetesObject =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec }) as KubernetesObject;
const podSpec = { containers: [{ name: 'x', image: 'x:1' }] };

describe(validateWithModels.name, () => {
  it('accepts a valid Deployment', async () => {
    const valid = deployment({ selector: { matchLabels: { a: 'b' } }, template: { spec: podSpec } });
    expect(await validateWithModels(valid)).toEqual([]);
  });

  it('rejects a field of the wrong type', async () => {
    const wrong = deployment({ replicas: 'three', selector: {}, template: { spec: podSpec } });
    expect((await validateWithModels(wrong)).join()).toMatch(/replicas/);
  });

  it('rejects a ScaledObject without its target', async () => {
    const scaledObject = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'x' },
      spec: { triggers: [] },
    } as KubernetesObject;
    expect((await validateWithModels(scaledObject)).join()).toMatch(/scaleTargetRef/);
  });

  it('reports a kind it has no model for', async () => {
    const unknown = {
      apiVersion: 'example.org/v1',
      kind: 'Widget',
      metadata: { name: 'x' },
    } as KubernetesObject;
    expect(await validateWithModels(unknown)).toEqual(['no model for example.org/v1 Widget']);
  });
});

(existsSync(strimziSchemasDir) ? describe : describe.skip)(
  `${crdValidators.name} (needs ${strimziSchemasDir})`,
  () => {
    const validators = existsSync(strimziSchemasDir) ? crdValidators(strimziSchemasDir) : new Map();
    const topic = (spec: unknown) =>
      validators.get('kafka.strimzi.io/v1/KafkaTopic')({
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaTopic',
        metadata: { name: 'x' },
        spec,
      });

    it('has a validator for each Strimzi kind', () => {
      for (const kind of [
        'Kafka',
        'KafkaNodePool',
        'KafkaTopic',
        'KafkaUser',
        'KafkaConnect',
        'KafkaConnector',
      ]) {
        expect(validators.has(`kafka.strimzi.io/v1/${kind}`)).toBe(true);
      }
    });

    it('accepts a valid KafkaTopic, with free-form config', async () => {
      expect(await topic({ partitions: 3, replicas: 1, config: { 'retention.ms': '1000' } })).toEqual([]);
    });

    it('rejects a wrong type and an undeclared field, which the API server would silently drop', async () => {
      expect((await topic({ partitions: 'three' })).join()).toMatch(/partitions must be integer/);
      expect((await topic({ partition: 3 })).join()).toMatch(/additionalProperty.*partition/);
    });
  },
);
