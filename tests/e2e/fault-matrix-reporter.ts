// Prints the fault matrix's summary line at the end of a run that included it
// (specs/fault-matrix.spec.ts): cases run, passed, cases where what the user typed was lost,
// cases where a second filing or payment order was made (each case attaches `lost-data` or
// `duplicate` when its check fails).
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class FaultMatrixReporter implements Reporter {
  private cases = new Map<string, { passed: boolean; lost: boolean; duplicate: boolean }>();

  printsToStdio() {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult) {
    if (!test.titlePath().includes('fault matrix') || result.status === 'skipped') return;
    // The last attempt counts (retries are off in CI; a local --retries run keeps one entry).
    this.cases.set(test.id, {
      passed: result.status === 'passed',
      lost: result.attachments.some((a) => a.name === 'lost-data'),
      duplicate: result.attachments.some((a) => a.name === 'duplicate'),
    });
  }

  onEnd(_: FullResult) {
    if (this.cases.size === 0) return;
    const all = [...this.cases.values()];
    const count = (f: (c: (typeof all)[number]) => boolean) => all.filter(f).length;
    console.log(
      `fault matrix: ${all.length} cases, ${count((c) => c.passed)} passed, lost-data ${count((c) => c.lost)}, duplicate orders ${count((c) => c.duplicate)}`,
    );
  }
}
