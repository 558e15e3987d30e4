import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/**
 * Where exports are written (shared/data/file-store.ts) and downloaded from through pre-signed
 * links: private (public access blocked, bucket-owner objects, TLS only), encrypted at rest, and
 * emptied by a lifecycle rule, since an export is personal data meant to be fetched once, soon.
 */
export class FileBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [{ id: 'expire-exports', prefix: 'exports/', expiration: Duration.days(2), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Left behind, not deleted, with the stack: it can only hold exports that are about to expire.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'Exports are short-lived downloads that expire after two days; who asked for each one, revealed or not, is already in Dossier’s own append-only audit log, and a separate access-log bucket would itself hold the log of personal-data downloads without adding an actor.',
      },
    ]);
  }

  /** The workers write exports; the API functions sign the links that fetch them (a link carries its signer's rights). */
  grantExports(role: IRole, access: 'write' | 'read'): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: [access === 'write' ? 's3:PutObject' : 's3:GetObject'], resources: [this.bucket.arnForObjects('exports/*')] }));
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Export object keys are made at run time (exports/<tenantId>/<exportId>.<format>); the grant is one action on the exports/ prefix of the one files bucket, nothing broader.',
          appliesTo: [{ regex: String.raw`/^Resource::<Files[A-Za-z0-9]+\.Arn>\/exports\/\*$/g` }],
        },
      ],
      true,
    );
  }
}
