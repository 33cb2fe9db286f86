/**
 * A request path fit for a log line: the callback token in `/api/processes/{id}/callback/{token}` is a secret (who
 * holds it may continue the process), so it is masked. Every log line that names a request path goes through this.
 */
export function logSafePath(path: string): string {
  return path.replace(/(\/callback\/)[^/?]+/g, '$1***');
}
