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
          batchSize: 100,
          maxBatchingWindow: Duration.seconds(1),
          bisectBatchOnError: true,
          retryAttempts: entry.retryAttempts,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(failures),
          filters: [
            FilterCriteria.filter({
              eventName: FilterRule.isEqual('INSERT'),
              dynamodb: {
                NewImage: Object.fromEntries(Object.entries(entry.newImageMatches).map(([attribute, value]) => [attribute, { S: FilterRule.isEqual(value) }])),
              },
            }),
          ],
        }),
      );
      props.bus.grantPutEventsTo(fn);
      this.functions.set(entry.name, fn);
    }
  }
}
