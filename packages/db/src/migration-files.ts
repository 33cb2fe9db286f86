import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One migration folder of `prisma/migrations` (Prisma's layout: `<timestamp>_<name>/migration.sql`). */
export interface MigrationFile {
  /** The folder name, which is also the `migration_name` recorded in `_prisma_migrations`. */
  readonly name: string;
  readonly sql: string;
  /** sha256 hex of the file's bytes, as Prisma computes it, so Prisma tooling agrees on what was applied. */
  readonly checksum: string;
}

/**
 * The migrations, resolved from this package so they are found from any working directory. In the repository (the
 * sources beside this file's folder) they are the top-level `prisma/migrations`; an installed package carries its
 * own copy in `migrations/`, which `npm pack` puts there (package.json `prepack`; docs/adr/0010-built-packages.md).
 */
export const DEFAULT_MIGRATIONS_DIR = existsSync(path.resolve(__dirname, '../src'))
  ? path.resolve(__dirname, '../../../prisma/migrations')
  : path.resolve(__dirname, '../migrations');

/** Reads every migration folder of `dir`, in name order (the order they are applied in). */
export async function readMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(dir, name, 'migration.sql')).catch((err: NodeJS.ErrnoException) => {
      // Prisma skips folders without a migration.sql too (an editor's leftovers, a half-written migration).
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (bytes === null) continue;
    files.push({ name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  return files;
}
