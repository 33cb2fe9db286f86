import path from 'node:path';
import { Router, type Response } from 'express';

/** Where the interactive API documentation is served (orchestrator-core's FastAPI serves its Swagger UI there too). */
export const API_DOCS_PATH = '/api/docs';
const OPENAPI_PATH = '/api/openapi.json';

/** The Swagger UI files the page loads, served from the `swagger-ui-dist` package: nothing comes from a CDN. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function swaggerUiFolder(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

function page(title: string): string {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escaped} API</title>
    <link rel="icon" type="image/png" href="${API_DOCS_PATH}/favicon-32x32.png" />
    <link rel="stylesheet" href="${API_DOCS_PATH}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${API_DOCS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${API_DOCS_PATH}/init.js"></script>
  </body>
</html>
`;
}

// A file rather than an inline script, so a Content-Security-Policy of `script-src 'self'` allows the page.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  validatorUrl: null,
});
`;

function send(res: Response, type: string, body: string): void {
  res.type(type).setHeader('Cache-Control', 'no-cache');
  res.send(body);
}

/**
 * `GET /api/docs`: an interactive page for the OpenAPI document (`/api/openapi.json`), Swagger UI as orchestrator-core
 * has it. Everything it loads is served from here (works offline). The page and its assets are public, like health;
 * the document it loads is behind the API's authentication.
 *
 * Content-Security-Policy the page needs: `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';
 * img-src 'self' data:` (Swagger UI sets inline styles and uses data: URIs for its icons).
 */
export function apiDocsRouter(title: string): Router {
  const folder = swaggerUiFolder();
  const html = page(title);
  const router = Router();
  router.get('/', (_req, res) => send(res, 'html', html));
  router.get('/init.js', (_req, res) => send(res, 'text/javascript; charset=utf-8', INIT_SCRIPT));
  router.get('/:asset', (req, res, next) => {
    const type = ASSETS[req.params.asset];
    if (!type) {
      next();
      return;
    }
    res.type(type);
    res.sendFile(path.join(folder, req.params.asset), { maxAge: '1d' }, (err) => err && next(err));
  });
  return router;
}
