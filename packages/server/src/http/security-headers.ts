import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of every answer: JSON needs none of it, and the HTML the API serves (the Bull
 * dashboard, the API docs page) loads only its own files: scripts from files (no inline script), styles that may be
 * inline (both set style attributes), images from itself or data: URIs. Nothing from another origin, no framing.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
} as const;

/**
 * Security headers on every answer (helmet): the policy above, `X-Content-Type-Options: nosniff`, no framing,
 * no referrer, HSTS (honoured by browsers over HTTPS only, for this host only: WFO does not speak for its
 * neighbours' subdomains). `upgrade-insecure-requests` is left out: over plain HTTP (development, a TLS-terminating
 * proxy in front) it would send the dashboard's own files to an https:// that does not answer.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    xFrameOptions: { action: 'deny' },
  });
}
