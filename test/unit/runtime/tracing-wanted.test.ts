import { describe, expect, it } from 'vitest';
import { tracingWanted } from '#shared/runtime/config';

describe('whether a process traces with X-Ray', () => {
  it('traces inside Lambda, where the runtime sets AWS_EXECUTION_ENV', () => {
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(true);
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(true);
  });

  it('never traces outside Lambda (the local runtime, tests, the benchmark), whatever else is set', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(false);
  });

  it('does not trace a Lambda function the stack turned tracing off for', () => {
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
    expect(tracingWanted({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'FALSE' })).toBe(false);
  });
});
