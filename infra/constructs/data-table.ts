import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tableDefinition } from '#shared/data/table';

/**
 * Item-level actions the functions may use. No Scan, no table management: every access pattern is
 * a GetItem or a Query on a key (DESIGN.md), and IAM holds the code to that. Transactions are
 * authorised per item by these same actions.
 */
export const itemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/** How cdk-nag names the `<table>/index/*` wildcard that reaching the GSIs takes (the stack's own table, or a restored one by name). */
export const tableIndexFinding = {
  regex: String.raw`/^Resource::(<DataTable[A-Za-z0-9]+\.Arn>|arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table\/[A-Za-z0-9_.-]+)\/index\/\*$/g`,
};

const string = (name: string) => ({ name, type: AttributeType.STRING });

/** A table restored from a point in time or a backup, which the stack uses instead of its own (docs/deploy.md, "Restore"). */
export interface RestoredTable {
  tableName: string;
  /** The restored table's stream, turned on after the restore (the outbox and the report roll-up read it). */
  streamArn: string;
}

/**
 * The single table, built from `tableDefinition` in shared/data so CDK and DynamoDB Local agree —
 * or, after a restore, the restored table, which the stack then uses without owning it (its own
 * is retained, never deleted).
 */
export class DataTable extends Construct {
  readonly table: ITable;
  /** Whether the stack owns the table (false: a restored table it only uses). */
  readonly owned: boolean;

  constructor(scope: Construct, id: string, props: { restored?: RestoredTable | undefined } = {}) {
    super(scope, id);
    this.owned = !props.restored;
    if (props.restored) {
      this.table = Table.fromTableAttributes(this, 'Restored', { tableName: props.restored.tableName, tableStreamArn: props.restored.streamArn });
      return;
    }
    this.table = DataTable.ownTable(this);
  }

  private static ownTable(scope: Construct): Table {
    const { partitionKey, sortKey, indexes, ttlAttribute, streamView } = tableDefinition;
    const table = new Table(scope, 'Table', {
      partitionKey: string(partitionKey),
      sortKey: string(sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: ttlAttribute,
      stream: StreamViewType[streamView],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // The archive is the product: never dropped by a stack update or deletion.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }
          : { projectionType: ProjectionType[index.projection.type] }),
      });
    }
    return table;
  }

  /** The table and every index, for policies that list resources themselves. */
  get resourceArns(): string[] {
    return [this.table.tableArn, `${this.table.tableArn}/index/*`];
  }

  grantItemAccess(grantee: IGrantable): void {
    this.table.grant(grantee, ...itemActions);
  }
}
