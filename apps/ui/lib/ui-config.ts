import type { IncomingMessage } from 'node:http';
import type { OrchestratorConfig } from '@orchestrator-ui/orchestrator-ui-components';

/**
 * The UI's configuration, read from the environment on the UI server at request time (so one build serves any WFO).
 *
 * By default the browser talks to the UI server only: it forwards `/api/*` (except next-auth's `/api/auth/*`),
 * websocket included, to `WFO_URL`, so WFO needs no CORS setup. Setting `ORCHESTRATOR_API_HOST` (and the other
 * `ORCHESTRATOR_*` variables, as orchestrator-core's UI names them) makes the browser call WFO directly instead.
 */
export function readUiConfig(req: IncomingMessage | undefined): OrchestratorConfig {
  const env = process.env;
  const origin = requestOrigin(req);
  const apiHost = env.ORCHESTRATOR_API_HOST ?? origin;
  const websocketOrigin = apiHost.replace(/^http/, 'ws');
  return {
    environmentName: env.ENVIRONMENT_NAME ?? 'Development',
    orchestratorApiBaseUrl: `${apiHost}${env.ORCHESTRATOR_API_PATH ?? '/api'}`,
    graphqlEndpointCore: `${env.ORCHESTRATOR_GRAPHQL_HOST ?? apiHost}${env.ORCHESTRATOR_GRAPHQL_PATH ?? '/api/graphql'}`,
    orchestratorWebsocketUrl: env.ORCHESTRATOR_WEBSOCKET_URL ?? `${websocketOrigin}/api/ws/events`,
    authActive: isAuthActive(),
    useWebSockets: env.USE_WEB_SOCKETS !== 'false',
    useThemeToggle: env.USE_THEME_TOGGLE === 'true',
    showWorkflowInformationLink: env.SHOW_WORKFLOW_INFORMATION_LINK === 'true',
    workflowInformationLinkUrl: env.WORKFLOW_INFORMATION_LINK_URL ?? '',
    // WFO serves no workflow user guides (a SURF addition to orchestrator-core).
    showWorkflowUserGuide: false,
    enableSupportMenuItem: env.ENABLE_SUPPORT_MENU_ITEM === 'true',
    supportMenuItemUrl: env.SUPPORT_MENU_ITEM_URL ?? '',
    enableAoStackStatus: false,
    aoStackStatusUrl: '',
    startWorkflowFilters: env.START_WORKFLOW_FILTERS?.split('|').filter(Boolean),
  };
}

/** Authentication is off unless `OAUTH2_ACTIVE=true`, as with `wfo dev`; then the OIDC provider must be configured. */
export function isAuthActive(): boolean {
  return process.env.OAUTH2_ACTIVE === 'true';
}

/** The origin the browser used to reach this server, so the browser's API calls come back to it. */
function requestOrigin(req: IncomingMessage | undefined): string {
  const host = req?.headers['x-forwarded-host'] ?? req?.headers.host ?? 'localhost:3000';
  const proto = req?.headers['x-forwarded-proto'] ?? 'http';
  return `${String(proto).split(',')[0]}://${String(host).split(',')[0]}`;
}
