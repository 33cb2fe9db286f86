// Writes jest's totals to the file named by WFO_JEST_RESULTS, so CI can print "N passed, N failed" without
// reading jest's human summary. Active only when that variable is set (see jest.config.js and .ci/run).
const fs = require('node:fs');

class JestResultsReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.WFO_JEST_RESULTS;
    if (!file) return;
    const summary = {
      numPassedTests: results.numPassedTests,
      numFailedTests: results.numFailedTests,
      numPendingTests: results.numPendingTests,
      numTotalTests: results.numTotalTests,
      numFailedTestSuites: results.numFailedTestSuites,
      numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
      success: results.success,
    };
    fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  }
}

module.exports = JestResultsReporter;
