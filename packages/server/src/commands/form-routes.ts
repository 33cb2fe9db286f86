import { postFormAsync, type Form, type FormContext } from '@wfo/engine';
import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { jsonObject } from '../schemas/scalars';

/**
 * `POST /api/forms/{form_key}`: a standalone form, answered with the same page protocol as starting a process
 * (510 with the next page, 400 for an invalid answer); the result when every page is answered (reference §1.9).
 */
export function formRoutes(forms: ReadonlyMap<string, Form>, formContext: () => Promise<FormContext>): RouteModule {
  return () => [
    defineRoute({
      method: 'post',
      path: '/api/forms/:form_key',
      summary: 'Answer a standalone form',
      tags: ['Forms'],
      params: z.object({ form_key: z.string().min(1).max(255) }),
      body: z.array(jsonObject),
      responses: {
        200: { description: 'The form result', schema: jsonObject },
        400: { description: 'A page is invalid' },
        404: { description: 'Unknown form' },
        510: { description: 'More pages are needed' },
      },
      handler: async ({ params, body }) => {
        const form = forms.get(params.form_key);
        if (!form) throw new HttpError(404, `Form ${params.form_key} does not exist`);
        return postFormAsync(form, {}, body, await formContext());
      },
    }),
  ];
}
