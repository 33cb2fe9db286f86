import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { translationsFor, type Translations } from '@wfo/runtime';
import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';

export interface TranslationSources {
  /** The application's translations by language (`defineOrchestrator({ translations })`). */
  readonly application: Readonly<Record<string, Translations>>;
  /** A folder of `<lang>.json` files merged over them (orchestrator-core's `TRANSLATIONS_DIR`). */
  readonly directory?: string;
}

/**
 * `GET /api/translations/{lang}` (reference §4.8), without authentication: WFO's labels under orchestrator-core's
 * keys, deep-merged with the application's, then with `TRANSLATIONS_DIR/<lang>.json`. An unknown language answers
 * an empty object, as orchestrator-core does.
 */
export function translationRoutes(sources: TranslationSources): RouteModule {
  return () => [
    defineRoute({
      method: 'get',
      path: '/api/translations/:language',
      summary: 'Labels for the UI',
      tags: ['Translations'],
      public: true,
      params: z.object({
        language: z
          .string()
          .regex(/^[a-z]+-[A-Z]+$/, 'a language like en-GB')
          .max(20),
      }),
      responses: { 200: { description: 'Nested labels', schema: z.record(z.string(), z.unknown()) } },
      handler: async ({ params }) => {
        const fromDirectory = sources.directory ? await readTranslationsFile(sources.directory, params.language) : {};
        return translationsFor(params.language, sources.application, { [params.language]: fromDirectory });
      },
    }),
  ];
}

async function readTranslationsFile(directory: string, language: string): Promise<Translations> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(directory, `${language}.json`), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Translations) : {};
  } catch {
    return {};
  }
}
