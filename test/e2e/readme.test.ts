// The README's walkthrough, run as written (issue 7): `npm start` on the zero-setup path (its own Postgres, Redis and
// NMS simulator, on the README's ports 8080 and 8090, in a network namespace of its own so those ports are free),
// then the walkthrough's shell block and its closing one-liner, unchanged, with bash beside it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { besides, canIsolate, devFolder, expectAllGone, isolated, listening, ROOT, servicesFile } from './isolated-run';

/** The first ```sh block under `heading`, and the inline `curl …` commands of the paragraph after it. */
function walkthrough(readme: string, heading: string): { block: string; oneLiners: string[] } {
  const section = readme.slice(readme.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`README.md has no sh block under "${heading}"`);
  const after = section.slice(section.indexOf(block) + block.length, section.indexOf('\n## ', 1));
  const oneLiners = [...after.matchAll(/`(curl [^`]+)`/g)].map((m) => m[1]!);
  return { block, oneLiners };
}

(canIsolate ? describe : describe.skip)("the README's walkthrough against npm start", () => {
  jest.setTimeout(420_000);
  const devDir = devFolder();
  afterAll(() => rmSync(devDir, { recursive: true, force: true }));

  it('runs as written: node, ports, L2VPN, a refused termination, a failed and retried modify, terminations', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const { block, oneLiners } = walkthrough(readme, '## Walkthrough: the example network');
    expect(oneLiners.length).toBeGreaterThan(0);

    const npm = isolated(['npm', 'start'], { WFO_DEV_DIR: devDir });
    const url = await listening(npm);
    expect(url).toMatch(/:8080$/);
    const services = servicesFile(devDir)!;
    try {
      // Every command of the block, then the one-liners after it; bash stops at the first that fails.
      const script = `set -eo pipefail\n${block}\n${oneLiners.join('\n')}\n`;
      const shell = besides(services.pid, ['timeout', '360', 'bash', '-c', script], {});
      const code = await shell.exited;
      const output = shell.output();
      expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
      expect(output).toMatch(/^510 /m); // the first form page
      expect(output).toMatch(/awaiting_callback/);
      expect(output).toMatch(/\d+ services, \d+ interface\(s\)/);
      expect(output).toMatch(/"id"/); // the validate task, started by hand
      expect((output.match(/ completed$/gm) ?? []).length).toBeGreaterThanOrEqual(7);
    } finally {
      process.kill(npm.child.pid!, 'SIGTERM');
      await expectAllGone(devDir, [npm.child.pid!, services.pid]);
      await npm.exited;
    }
  });
});
