// The zero-setup path as a first-time user meets it (issue 7), for real: `npm start` and `wfo` in a private network
// namespace where no Postgres or Redis answers, so WFO starts its own (the embedded Postgres, redis-server). Checks
// that every stop request ends every process, that error paths close what they opened and say what to do, that the
// other `wfo` commands reach `wfo dev`'s services, and that a crashed run is recovered from.
//
// Needs root (network namespaces; as root the embedded Postgres runs as the `postgres` user): skipped otherwise.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, createTestRedisPrefix } from '@wfo/db';
import {
  besides,
  canIsolate,
  devFolder,
  expectAllGone,
  isolated,
  listening,
  ROOT,
  servicesFile,
  alive,
  track,
} from './isolated-run';

const WFO = path.join(ROOT, 'packages/cli/bin/wfo.js');
const APP = path.join(__dirname, 'app/first-run-app.ts');

const wfo = (...args: string[]) => [process.execPath, WFO, ...args];

/** An HTTP status as seen from inside the namespace of `pid`. */
async function statusOf(pid: number, url: string): Promise<string> {
  const probe = besides(
    pid,
    [process.execPath, '-e', `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status))`],
    {},
  );
  await probe.exited;
  return probe.output().trim();
}

(canIsolate ? describe : describe.skip)('the zero-setup path (no Postgres or Redis answers)', () => {
  jest.setTimeout(180_000);
  const devDir = devFolder();

  afterAll(() => {
    rmSync(devDir, { recursive: true, force: true });
  });

  describe('npm start', () => {
    it.each([
      ['SIGTERM', 'npm'],
      ['SIGHUP', 'npm'],
      ['SIGINT', 'npm'],
      ['SIGTERM', 'wfo'],
      ['SIGHUP', 'wfo'],
    ] as const)(
      'starts its own Postgres and Redis and the API with its docs; %s to %s stops every process',
      async (signal, target) => {
        const npm = isolated(['npm', 'start'], { WFO_DEV_DIR: devDir, PORT: '0', HOST: '127.0.0.1' });
        const url = await listening(npm);
        expect(npm.output()).toMatch(/Postgres: \S+, an embedded one/);
        expect(npm.output()).toMatch(/Redis: \S+, a redis-server of its own/);
        expect(npm.output()).toContain(`API docs: ${url}/api/docs`);
        expect(npm.output()).not.toContain('DeprecationWarning');
        const services = servicesFile(devDir)!;
        expect(services.postgres?.pid).toBeGreaterThan(0);
        expect(services.redis?.pid).toBeGreaterThan(0);
        expect(await statusOf(services.pid, `${url}/api/docs`)).toBe('200');
        expect(await statusOf(services.pid, `${url}/api/health`)).toBe('200');

        process.kill(target === 'npm' ? npm.child.pid! : services.pid, signal);
        await expectAllGone(devDir, [npm.child.pid!, services.pid, services.postgres!.pid, services.redis!.pid]);
        await npm.exited;
      },
    );
  });

  describe('a product change wfo dev refuses', () => {
    it('exits non-zero with the fix, leaving nothing running; the fix works without setup', async () => {
      const first = isolated(wfo('dev', '--app', APP, '--port', '0'), { WFO_DEV_DIR: devDir, FIRST_RUN_SPEED: '1G' });
      await listening(first);
      const { pid } = servicesFile(devDir)!;
      process.kill(pid, 'SIGTERM');
      expect(await first.exited).toBe(0);

      const refused = isolated(wfo('dev', '--app', APP, '--port', '0'), {
        WFO_DEV_DIR: devDir,
        FIRST_RUN_SPEED: '10G',
      });
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain('change fixed input speed of product "First-run circuit" from "1G" to "10G"');
      expect(refused.output()).toContain('wfo products migrate --app');
      await expectAllGone(devDir, []);

      const fix = isolated(wfo('products', 'migrate', '--app', APP), { WFO_DEV_DIR: devDir, FIRST_RUN_SPEED: '10G' });
      expect(await fix.exited).toBe(0);
      expect(fix.output()).toMatch(/Postgres: \S+, an embedded one/);
      expect(fix.output()).toContain('Applied 1 change(s).');
      await expectAllGone(devDir, []);

      const again = isolated(wfo('dev', '--app', APP, '--port', '0'), { WFO_DEV_DIR: devDir, FIRST_RUN_SPEED: '10G' });
      await listening(again);
      const services = servicesFile(devDir)!;
      // While it runs, the other commands use its services: found through the services file.
      const dryRun = besides(services.pid, wfo('products', 'migrate', '--app', APP, '--dry-run'), {
        WFO_DEV_DIR: devDir,
        FIRST_RUN_SPEED: '10G',
      });
      expect(await dryRun.exited).toBe(0);
      expect(dryRun.output()).toContain(`the embedded one of wfo dev (pid ${services.pid}, services.json)`);
      expect(dryRun.output()).toContain('Products are in sync with the database');
      process.kill(services.pid, 'SIGTERM');
      await expectAllGone(devDir, [services.pid, services.postgres!.pid, services.redis!.pid]);
    });
  });

  describe('after a crash', () => {
    it('stops the Postgres and redis-server a killed wfo left running, then goes on', async () => {
      const dev = isolated(wfo('dev', '--app', APP, '--port', '0'), { WFO_DEV_DIR: devDir, FIRST_RUN_SPEED: '10G' });
      await listening(dev);
      const services = servicesFile(devDir)!;
      process.kill(services.pid, 'SIGKILL');
      await dev.exited;
      expect(alive(services.postgres!.pid)).toBe(true);
      expect(alive(services.redis!.pid)).toBe(true);

      const migrate = isolated(wfo('migrate'), { WFO_DEV_DIR: devDir });
      expect(await migrate.exited).toBe(0);
      expect(migrate.output()).toContain(
        `Stopped the redis-server an earlier wfo left running (pid ${services.redis!.pid})`,
      );
      expect(migrate.output()).toContain(
        `Stopping the embedded Postgres an earlier wfo left running (pid ${services.postgres!.pid})`,
      );
      expect(migrate.output()).toContain('Database is up to date');
      await expectAllGone(devDir, [services.postgres!.pid, services.redis!.pid]);
    });

    it('removes a stale postmaster.pid whose process id now belongs to another program', async () => {
      const lockFile = path.join(devDir, 'postgres', 'data', 'postmaster.pid');
      writeFileSync(lockFile, `${process.pid}\n${path.join(devDir, 'postgres', 'data')}\n`);
      const migrate = isolated(wfo('migrate'), { WFO_DEV_DIR: devDir });
      expect(await migrate.exited).toBe(0);
      expect(migrate.output()).toContain(`Removed a stale ${lockFile} (Postgres process ${process.pid} is gone)`);
      await expectAllGone(devDir, []);
    });
  });

  describe('when the embedded services cannot start', () => {
    it('shows the embedded Postgres log instead of `wfo: undefined`', async () => {
      const broken = devFolder();
      try {
        mkdirSync(path.join(broken, 'postgres', 'data'), { recursive: true });
        writeFileSync(path.join(broken, 'postgres', 'data', 'PG_VERSION'), '9\n');
        const migrate = isolated(wfo('migrate'), { WFO_DEV_DIR: broken });
        expect(await migrate.exited).toBe(1);
        expect(migrate.output()).toContain('wfo: The embedded Postgres could not start');
        // Postgres's own words: the data folder lacks its configuration.
        expect(migrate.output()).toContain('could not access the server configuration file');
        expect(migrate.output()).not.toContain('undefined');
        await expectAllGone(broken, []);
      } finally {
        rmSync(broken, { recursive: true, force: true });
      }
    });

    it('as root, names the folder the postgres user cannot enter and what to do', async () => {
      const parent = mkdtempSync(path.join(tmpdir(), 'wfo-private-')); // 0700: the postgres user cannot enter it
      try {
        const dev = isolated(wfo('dev', '--app', APP, '--port', '0'), { WFO_DEV_DIR: path.join(parent, '.wfo') });
        expect(await dev.exited).toBe(1);
        expect(dev.output()).toContain(`runs as the "postgres" user, which may not enter ${parent}`);
        expect(dev.output()).toContain('set DATABASE_URL');
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    });

    it('says how to install redis-server when it is missing, and stops the Postgres it started', async () => {
      const bin = mkdtempSync(path.join(tmpdir(), 'wfo-bin-')); // a PATH without redis-server
      symlinkSync('/usr/bin/id', path.join(bin, 'id'));
      try {
        const dev = isolated(wfo('dev', '--app', APP, '--port', '0'), {
          WFO_DEV_DIR: devDir,
          FIRST_RUN_SPEED: '10G',
          PATH: bin,
        });
        expect(await dev.exited).toBe(1);
        expect(dev.output()).toMatch(/Postgres: \S+, an embedded one/);
        expect(dev.output()).toContain('`redis-server` is not on the PATH. Install Redis');
        expect(dev.output()).toContain('or set REDIS_URL');
        await expectAllGone(devDir, []);
      } finally {
        rmSync(bin, { recursive: true, force: true });
      }
    });
  });
});

describe('wfo dev refusing a product change with DATABASE_URL and REDIS_URL set', () => {
  it('exits non-zero with the message instead of hanging', async () => {
    const db = await createTestDatabase();
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      WFO_QUEUE_PREFIX: `{${createTestRedisPrefix()}}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    try {
      const first = track(
        spawn(process.execPath, [WFO, 'dev', '--app', APP, '--port', '0'], {
          env: { ...env, FIRST_RUN_SPEED: '1G' },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      await listening(first);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const refused = track(
        spawn(process.execPath, [WFO, 'dev', '--app', APP, '--port', '0'], {
          env: { ...env, FIRST_RUN_SPEED: '10G' },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain('wfo: The declared products differ from the database');
    } finally {
      await db.drop();
    }
  }, 120_000);
});
