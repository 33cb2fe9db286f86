// `npm run test:package`: the installable-packages test alone (it installs from the npm registry and takes a minute
// or two, so `npm test` leaves it out; `.ci/run` runs it after verify).
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/package/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
