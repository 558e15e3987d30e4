import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
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

/** How cdk-nag names the `<table>/index/*` wildcard that reaching the GSIs takes. */
export const tableIndexFinding = { regex: String.raw`/^Resource::<DataTable[A-Za-z0-9]+\.Arn>\/index\/\*$/g` };

const string = (name: string) => ({ name, type: AttributeType.STRING });

/** The single table, built from `tableDefinition` in shared/data so CDK and DynamoDB Local agree. */
export class DataTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { partitionKey, sortKey, indexes, ttlAttribute, streamView } = tableDefinition;

    this.table = new Table(this, 'Table', {
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
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }
          : { projectionType: ProjectionType[index.projection.type] }),
      });
    }
  }

  /** The table and every index, for policies that list resources themselves. */
  get resourceArns(): string[] {
    return [this.table.tableArn, `${this.table.tableArn}/index/*`];
  }

  grantItemAccess(grantee: IGrantable): void {
    this.table.grant(grantee, ...itemActions);
  }
}
