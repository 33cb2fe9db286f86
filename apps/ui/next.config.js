// Next.js configuration of the WFO operator UI. Nothing here is environment specific: every URL is read at request
// time (lib/ui-config.ts), so one build serves any WFO.
/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  // The UI's two locales; the library picks its translations by the router's locale.
  i18n: { locales: ['en-GB', 'nl-NL'], defaultLocale: 'en-GB' },
  // The component library ships ESM with CSS-in-JS; let Next compile it with the app.
  transpilePackages: ['@orchestrator-ui/orchestrator-ui-components'],
  poweredByHeader: false,
  // This app is its own npm project inside the repository: trace files from here, not from the repository root.
  outputFileTracingRoot: __dirname,
  // `next build` type-checks the app; the repository's ESLint rules (named exports only) do not fit Next's pages.
  eslint: { ignoreDuringBuilds: true },
};
