import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';

/** A group of settings as `GET /api/settings/overview` shows it (orchestrator-core's `SettingsExposedSchema`). */
export interface ExposedSettings {
  readonly name: string;
  readonly variables: ReadonlyArray<{ readonly env_name: string; readonly env_value: unknown }>;
}

const exposedSettingsSchema = z.array(
  z.object({ name: z.string(), variables: z.array(z.object({ env_name: z.string(), env_value: z.unknown() })) }),
);

/** `GET /api/settings/overview`: the settings the application runs with, secrets already masked by the caller. */
export function settingsOverviewRoutes(settings: readonly ExposedSettings[]): RouteModule {
  return () => [
    defineRoute({
      method: 'get',
      path: '/api/settings/overview',
      summary: 'The settings in effect (secrets masked)',
      tags: ['Settings'],
      responses: { 200: { description: 'Settings by group', schema: exposedSettingsSchema } },
      handler: () => settings,
    }),
  ];
}
