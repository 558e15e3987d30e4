import { Aws, Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  CacheQueryStringBehavior,
  CacheHeaderBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { CONSOLE_ADDRESS, CONSOLE_CSP, consoleCacheControl } from '#shared/http/console-site';

export interface ConsoleSiteProps {
  stage: string;
  api: RestApi;
  /** The console's build (web/dist, made by scripts/web/console-build.ts before synth). */
  assetsDirectory: string;
}

/** Paths CloudFront sends to the API rather than the bucket: the API itself and its reference page. */
export const API_PATH_PATTERNS = ['/v1/*', '/docs*'] as const;

// CloudFront Functions run JavaScript of their own (cloudfront-js-2.0): the console's addresses are
// written into it from the one regular expression the local runtime also uses.
const spaRewrite = `var CONSOLE_ADDRESS = ${CONSOLE_ADDRESS.toString()};
function handler(event) {
  var request = event.request;
  if (CONSOLE_ADDRESS.test(request.uri)) request.uri = '/index.html';
  return request;
}`;

/**
 * The staff console in AWS: its build in a private S3 bucket read only by CloudFront (origin
 * access control), and the API on the same distribution under /v1 and /docs, so the console
 * calls its own origin (no CORS) exactly as it does on `npm start`.
 */
export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });

    const pageHeaders = new ResponseHeadersPolicy(this, 'PageHeaders', {
      comment: `Dossier ${props.stage} console: CSP and security headers`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONSOLE_CSP, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    // The API answers per caller: never cached. CloudFront forwards Authorization only when it is
    // part of a cache key, and a key needs a TTL above zero: one second at most, keyed by it.
    const apiCache = new CachePolicy(this, 'ApiCache', {
      comment: `Dossier ${props.stage} API: no caching beyond 1 s, keyed by the caller`,
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
    });
    const apiBehavior: BehaviorOptions = {
      origin: new HttpOrigin(`${props.api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
        originPath: `/${props.api.deploymentStage.stageName}`,
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      }),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: apiCache,
      // Every header but Host (API Gateway routes by its own host name): If-Match, Idempotency-Key…
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Dossier ${props.stage} console and API`,
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_ALL,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageHeaders,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new EdgeFunction(this, 'ConsoleAddresses', {
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Console addresses (CONSOLE.md) answer with index.html',
              code: FunctionCode.fromInline(spaRewrite),
            }),
          },
        ],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])),
    });

    // Hashed files are kept across deployments (an open console may still load an older chunk);
    // index.html and the rest are replaced, and CloudFront is told to forget its copy.
    new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(props.assetsDirectory)],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.fromString(consoleCacheControl('assets/'))],
    });
    new BucketDeployment(this, 'Pages', {
      sources: [Source.asset(props.assetsDirectory)],
      destinationBucket: this.bucket,
      exclude: ['assets/*', '.vite/*'],
      cacheControl: [CacheControl.fromString(consoleCacheControl('index.html'))],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/'],
    });

    this.justify();
  }

  private justify(): void {
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'The bucket holds only the public build of the console, read by CloudFront alone through origin access control; CloudFront is the only reader, so S3 server access logs would record nothing but CloudFront.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'A customer archive sold to businesses anywhere: no country is refused at the edge; who may read data is decided by the API (sessions, roles, tenants), not by geography.' },
      { id: 'AwsSolutions-CFR2', reason: 'No WAF web ACL yet, as for the API stage: throttling at API Gateway and per-principal rate limits cover abuse; a WAFv2 ACL is a per-stage cost decision recorded in docs/infra.md.' },
      { id: 'AwsSolutions-CFR3', reason: "CloudFront standard logs need an ACL-enabled bucket; the API's own access log (API Gateway, per request) already records every call that reaches data, and the console's files are public." },
      { id: 'AwsSolutions-CFR4', reason: 'Until a stage has its own domain and ACM certificate, the distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the minimum protocol; TLSv1.2_2021 is set with the custom domain.' },
    ]);
    // The deployment's Lambda (CDK's own singleton, a child of the stack) copies the build into the
    // bucket at deploy time.
    for (const child of Stack.of(this).node.children.filter((node) => node.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      NagSuppressions.addResourceSuppressions(
        child,
        [
          { id: 'AwsSolutions-IAM4', reason: "CDK's BucketDeployment function uses AWSLambdaBasicExecutionRole to write its own CloudWatch logs; it runs only during deployments and touches only the console bucket." },
          { id: 'AwsSolutions-IAM5', reason: "CDK's BucketDeployment grants itself object wildcards on the console bucket and the CDK asset bucket to copy the build; the console bucket holds nothing but that build." },
          { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment pins its own Python runtime together with the AWS CLI layer it ships; it runs only at deploy time and is upgraded with aws-cdk-lib." },
        ],
        true,
      );
    }
  }
}
