import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { KubernetesObject } from './kustomize.renderer';

/** Returns the problems found in an object, empty when it is valid. */
export type Validator = (object: KubernetesObject) => Promise<string[]>;

interface ModelClass {
  new (data: unknown): { validate(): void };
}

// kubernetes-models and its KEDA sibling are ES modules only; Jest's CommonJS runtime cannot
// require them, so they are loaded with Node's own dynamic import.
const importModule = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<Record<string, unknown>>;

const modelPackages: Record<string, string> = { 'keda.sh': '@kubernetes-models/keda/keda.sh' };

/** The typed model of a built-in or KEDA kind, by apiVersion (`apps/v1`, `v1`, `keda.sh/v1alpha1`). */
async function modelOf(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const base = modelPackages[group]
    ? `${modelPackages[group]}${apiVersion.slice(group.length)}`
    : `kubernetes-models/${apiVersion}`;
  try {
    const module = await importModule(`${base}/${kind}`);
    return module[kind] as ModelClass | undefined;
  } catch {
    return undefined;
  }
}

/** Validates built-in kinds with `kubernetes-models` and KEDA's with `@kubernetes-models/keda`. */
export const validateWithModels: Validator = async (object) => {
  const Model = await modelOf(object.apiVersion, object.kind);
  if (Model === undefined) return [`no model for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [String(error)];
  }
};

type JsonSchema = Record<string, unknown>;

/**
 * The API server prunes fields a structural schema does not declare, silently; here an undeclared
 * field is an error instead, so a misspelt or misplaced setting fails the check.
 */
function closeObjects(schema: JsonSchema): JsonSchema {
  const closed: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      closed[key] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, sub]) => [name, closeObjects(sub)]),
      );
    } else if (Array.isArray(value)) {
      closed[key] = value.map((item) =>
        item && typeof item === 'object' ? closeObjects(item as JsonSchema) : item,
      );
    } else if (value && typeof value === 'object') {
      closed[key] = closeObjects(value as JsonSchema);
    } else {
      closed[key] = value;
    }
  }
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || 'additionalProperties' in schema;
  // `oneOf` branches in the CRDs list only the discriminating property; closing them would reject everything.
  if (schema['properties'] && !open && !('required' in schema && !('type' in schema))) {
    closed['additionalProperties'] = false;
  }
  return closed;
}

interface CustomResourceDefinition {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; schema: { openAPIV3Schema: JsonSchema } }[];
  };
}

/** Validators for every kind and version of the CRDs in a folder, keyed `<group>/<version>/<kind>`. */
export function crdValidators(dir: string): Map<string, Validator> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validators = new Map<string, Validator>();
  for (const file of readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))) {
    const crd = parse(readFileSync(resolve(dir, file), 'utf8')) as CustomResourceDefinition;
    for (const version of crd.spec.versions) {
      const validate: ValidateFunction = ajv.compile(closeObjects(version.schema.openAPIV3Schema));
      validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, async (object) => {
        // Status is the operator's to write, and metadata is the API server's to check.
        const { metadata: _metadata, status: _status, ...rest } = object;
        return validate(rest)
          ? []
          : (validate.errors ?? []).map(
              (error) =>
                `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
            );
      });
    }
  }
  return validators;
}
