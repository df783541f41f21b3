import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { k8sRoot, repoRoot } from './workspace.files';

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export const kustomizeBinary = resolve(repoRoot, '.tooling/go-bin/kustomize');
export const INSTALL_KUSTOMIZE =
  "bash -c 'ROOT=$PWD; source scripts/lib/log.sh; source scripts/lib/kustomize.sh; ensure_kustomize'";

/** The overlay folders under k8s/overlays. */
export function overlayNames(): string[] {
  return readdirSync(resolve(k8sRoot, 'overlays'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** `kustomize build` of a folder under k8s/, parsed into objects. */
export function render(folder: string): KubernetesObject[] {
  if (!existsSync(kustomizeBinary)) {
    throw new Error(
      `kustomize is not installed at ${kustomizeBinary}; install it with: ${INSTALL_KUSTOMIZE}`,
    );
  }
  const output = execFileSync(kustomizeBinary, ['build', resolve(k8sRoot, folder)], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(output)
    .map((document) => document.toJSON() as KubernetesObject | null)
    .filter((object): object is KubernetesObject => object !== null);
}
