import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Whether a process with this id exists (one of another user counts: signal 0 then fails with EPERM). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's command line (`/proc` on Linux, `ps` elsewhere), or undefined when it cannot be read. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

/** A process's parent id (`/proc` on Linux, `ps` elsewhere), or undefined when it cannot be read. */
export function parentOf(pid: number): number | undefined {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: the fields after it are split reliably.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(parent) ? parent : undefined;
  } catch {
    try {
      const parent = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
      return Number.isInteger(parent) && parent > 0 ? parent : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * The npm process that runs this one as a script (`npm start`), when there is one: the nearest ancestor whose
 * command line is npm's, looked for a few levels up (npm runs scripts through `sh -c`).
 */
export function npmAncestor(): number | undefined {
  let pid: number | undefined = process.ppid;
  for (let level = 0; level < 4 && pid !== undefined && pid > 1; level++) {
    const command = commandLineOf(pid) ?? '';
    if (/^npm(\s|$)/.test(command) || command.includes('npm-cli.js')) return pid;
    pid = parentOf(pid);
  }
  return undefined;
}
