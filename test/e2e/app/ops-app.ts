// The end-to-end test application with what the operations tests need besides: a schedule declared in code, the
// application's own translations, and a route policy (engine settings for admins only).
import { defineOrchestrator, type User } from '@wfo/core';
import base from './test-app';

const isAdmin = (user: User | null) => Array.isArray(user?.roles) && user.roles.includes('admin');

// eslint-disable-next-line no-restricted-syntax -- `wfo --app` loads the default export
export default defineOrchestrator({
  workflows: base.workflows,
  products: base.products,
  forms: base.forms,
  schedules: [{ name: 'Nightly e2e task', task: 'e2e_task', trigger: 'cron', kwargs: { hour: 3, minute: 15 } }],
  translations: { 'en-GB': { workflow: { e2e_task: 'A task of the tests' } } },
  policy: ({ method, path, user }) => !(method === 'PUT' && path.startsWith('/api/settings/status')) || isAdmin(user),
});
