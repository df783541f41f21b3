import { projectModuleRow, projectRegistrationRow, type Projection } from '@platform/read-models';
import type { CdcChange } from './cdc.decoder';

export type RowChange = Exclude<CdcChange, { kind: 'tombstone' }>;

export function projectionOf(change: RowChange): Projection {
  switch (change.kind) {
    case 'module':
      return projectModuleRow(change.row);
    case 'registration':
      return projectRegistrationRow(change.row);
    case 'deleted':
      return change.model === 'modules'
        ? { model: 'modules', id: change.id, version: change.lsn, view: null }
        : { model: 'registrations', id: change.id, version: change.lsn, view: null };
  }
}

/** When the change was committed in Postgres (Debezium's source.ts_ms). */
export function committedAtMs(change: RowChange): number {
  return change.kind === 'deleted' ? change.sourceTsMs : change.row.__source_ts_ms;
}
