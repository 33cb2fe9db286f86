// The operator UI's browser test (`npm run test:ui`): the root jest setup, for `*.browser.ts` only. Kept out of
// `npm test` because it needs a built UI (`npm run ui -- --build`) and a Chromium; `.ci/run` runs it after verify.
const root = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/ui/**/*.browser.ts'],
  testTimeout: 180000,
};
