import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCompose } from './compose-file';
import { fromRoot } from './workspace';

// The docs tell newcomers to type `docker compose run|logs|restart <service>`; a renamed compose
// service must not leave them a command that fails.
function markdownFiles(dir: string): string[] {
  return readdirSync(fromRoot(dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownFiles(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [join(dir, entry.name)]
        : [],
  );
}

const documents = ['README.md', 'load/README.md', ...markdownFiles('docs')];
const COMMAND =
  /docker compose (run|logs|restart|stop|start|exec)((?:\s+-{1,2}[a-z-]+)*)\s+([a-z][a-z0-9-]*)/g;

describe('docker compose commands in the docs', () => {
  const services = Object.keys(readCompose().services);
  const mentions = documents.flatMap((file) =>
    [...readFileSync(fromRoot(file), 'utf8').matchAll(COMMAND)].map((match) => ({
      file,
      command: match[0],
      service: match[3] as string,
    })),
  );

  it('are found (the check reads the right files)', () => {
    expect(mentions.length).toBeGreaterThan(0);
  });

  it('name services that docker-compose.yml has', () => {
    const unknown = mentions.filter((mention) => !services.includes(mention.service));
    expect(unknown).toEqual([]);
  });
});
