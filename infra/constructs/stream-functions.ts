import { Duration } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { StreamEntry } from '#functions/manifest';
import type { QueueFleet } from './queues.ts';
import { type FunctionSettings, pascalCase, ServiceFunction } from './service-function.ts';

export interface StreamFunctionsProps {
  table: ITable;
  bus: IEventBus;
  streams: readonly StreamEntry[];
  queues: QueueFleet;
  settings: FunctionSettings;
}

const valuesOf = (value: string | readonly string[]): string[] => (typeof value === 'string' ? [value] : [...value]);

/**
 * The entry's patterns as Lambda filter criteria: a put or a change is matched on its new image, a
 * removal on its old one (a removed item has no new image).
 */
const filtersOf = (entry: StreamEntry) =>
  entry.itemMatches.flatMap((pattern) => {
    const image = Object.fromEntries(Object.entries(pattern).map(([attribute, value]) => [attribute, { S: valuesOf(value).map((one) => FilterRule.isEqual(one)).flat() }]));
    const written = entry.changes.filter((change) => change !== 'REMOVE');
    return [
      ...(written.length > 0 ? [FilterCriteria.filter({ eventName: written.map((change) => FilterRule.isEqual(change)).flat(), dynamodb: { NewImage: image } })] : []),
      ...(entry.changes.includes('REMOVE') ? [FilterCriteria.filter({ eventName: FilterRule.isEqual('REMOVE'), dynamodb: { OldImage: image } })] : []),
    ];
  });

/**
 * One function per manifest stream entry, fed by the table's stream with only the records whose
 * new image matches (so the publisher never wakes for profile writes). A failing record is retried
 * with bisection, then parked in a DLQ; the function reports partial batch failures. The functions
 * may put events on Dossier's bus, which they are told by DOSSIER_EVENT_BUS.
 */
export class StreamFunctions extends Construct {
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string, props: StreamFunctionsProps) {
    super(scope, id);
    for (const entry of props.streams) {
      const name = pascalCase(entry.name);
      const { function: fn } = new ServiceFunction(this, name, {
        entry,
        settings: { ...props.settings, environment: { ...props.settings.environment, DOSSIER_EVENT_BUS: props.bus.eventBusName } },
      });
      const failures = props.queues.deadLetterFor('stream');
      fn.addEventSource(
        new DynamoEventSource(props.table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: entry.batchSize ?? 100,
          maxBatchingWindow: Duration.seconds(entry.batchingWindowSeconds ?? 1),
          // A function that takes its batch whole gets it again unchanged on a retry (no halves).
          bisectBatchOnError: !entry.wholeBatches,
          retryAttempts: entry.retryAttempts,
          reportBatchItemFailures: !entry.wholeBatches,
          onFailure: new SqsDlq(failures),
          filters: filtersOf(entry),
        }),
      );
      props.bus.grantPutEventsTo(fn);
      this.functions.set(entry.name, fn);
    }
  }
}
