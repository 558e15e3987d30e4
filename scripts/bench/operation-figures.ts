import { awsBilled, parseCapacityHeader, splitAuthentication, type CallCapacity, type RequestCapacity } from './capacity-header.ts';
import type { DirectCall } from './direct-calls.ts';
import { callChecked, type Operation } from './operations.ts';
import { median, round, summarizeLatency, type LatencySummary } from './statistics.ts';

/**
 * Capacity and latency of each operation, from the same requests: every HTTP answer carries its
 * capacity header, and its time is taken from sending the request to having read the answer.
 * Then the same DynamoDB calls are made directly, as often, for the overhead ratio. Requests go
 * one at a time: this measures latency, not throughput.
 */
export interface UnitFigures {
  /** The authentication reads (user or key item, tenant item), on every authenticated request. */
  authenticationReadUnits: number;
  /** The operation's own reads and writes (median over samples). */
  readUnits: number;
  writeUnits: number;
  /** Largest total seen in one request. */
  maxReadUnits: number;
  maxWriteUnits: number;
}

export interface OperationFigures {
  name: string;
  label: string;
  capacity: {
    samples: number;
    /** As DynamoDB Local reported it. */
    local: UnitFigures;
    /** As AWS would bill the same calls (transactions at the estimate of transaction-shape.ts). */
    aws: UnitFigures;
    /** The DynamoDB calls of a typical (median-capacity) request, in order. */
    calls: CallCapacity[];
    /** The call sequences seen, e.g. "GetItem GetItem TransactWriteItems", with counts. */
    callSequences: { calls: string; count: number }[];
  };
  latency: {
    http: LatencySummary;
    direct: LatencySummary | null;
    /** HTTP p50 ÷ direct p50: what the runtime adds to the DynamoDB calls it makes. */
    overheadP50: number | null;
  };
}

const unitFigures = (requests: RequestCapacity[], authenticated: boolean): UnitFigures => {
  const split = requests.map((request) =>
    authenticated ? splitAuthentication(request) : { authentication: { calls: [], readUnits: 0, writeUnits: 0 }, operation: request },
  );
  return {
    authenticationReadUnits: median(split.map((s) => s.authentication.readUnits)),
    readUnits: median(split.map((s) => s.operation.readUnits)),
    writeUnits: median(split.map((s) => s.operation.writeUnits)),
    maxReadUnits: Math.max(...requests.map((r) => r.readUnits)),
    maxWriteUnits: Math.max(...requests.map((r) => r.writeUnits)),
  };
};

const typicalRequest = (requests: RequestCapacity[]): RequestCapacity => {
  const totals = requests.map((r) => r.readUnits + r.writeUnits);
  const middle = median(totals);
  return requests[totals.indexOf(middle)]!;
};

export const measureOperation = async (
  operation: Operation,
  direct: DirectCall | undefined,
  options: { samples: number; warmup: number; awsTransactionUnits?: number | undefined },
): Promise<OperationFigures> => {
  for (let i = 0; i < options.warmup; i += 1) {
    await callChecked(operation, i);
    await direct?.(i);
  }
  const httpTimes: number[] = [];
  const capacities: RequestCapacity[] = [];
  for (let sample = 0; sample < options.samples; sample += 1) {
    const answer = await callChecked(operation, options.warmup + sample);
    httpTimes.push(answer.elapsedMs);
    capacities.push(parseCapacityHeader(answer.headers.get('x-dossier-capacity')));
  }
  const directTimes: number[] = [];
  if (direct) {
    for (let sample = 0; sample < options.samples; sample += 1) {
      const started = performance.now();
      await direct(options.warmup + sample);
      directTimes.push(performance.now() - started);
    }
  }
  const http = summarizeLatency(httpTimes);
  const directSummary = direct ? summarizeLatency(directTimes) : null;
  const sequenceCounts = new Map<string, number>();
  for (const request of capacities) {
    const key = request.calls.map((call) => call.operation).join(' ');
    sequenceCounts.set(key, (sequenceCounts.get(key) ?? 0) + 1);
  }
  return {
    name: operation.name,
    label: operation.label,
    capacity: {
      samples: capacities.length,
      local: unitFigures(capacities, operation.authenticated),
      aws: unitFigures(
        capacities.map((c) => awsBilled(c, options.awsTransactionUnits)),
        operation.authenticated,
      ),
      calls: typicalRequest(capacities).calls,
      callSequences: [...sequenceCounts.entries()].map(([calls, count]) => ({ calls, count })).sort((a, b) => b.count - a.count),
    },
    latency: {
      http,
      direct: directSummary,
      overheadP50: directSummary ? round(http.p50 / directSummary.p50, 1) : null,
    },
  };
};
