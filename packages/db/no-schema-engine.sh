#!/bin/sh
# Stand-in for Prisma 7's native schema engine, which cannot be downloaded here.
# `prisma generate` never runs it; `prisma --version` asks it for a version.
if [ "$1" = "--version" ]; then echo "schema-engine-cli 0.0.0 (offline stub, see prisma.config.ts)"; exit 0; fi
echo "Prisma 7's native schema engine is not available. Use: npm run db:migrate (apply) or npm run new -w @wfo/prisma6 -- <name> (write a migration)" >&2
exit 1
