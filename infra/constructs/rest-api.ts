import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogField,
  ApiKeySourceType,
  AccessLogFormat,
  EndpointType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { gateway } from '#functions/manifest';
import { addGatewayProblems } from './gateway-problems.ts';

export interface DossierApiProps {
  stage: string;
  logRetention: RetentionDays;
  /** Stage-wide steady rate (requests per second) and burst, before any function runs. */
  throttle: { rateLimit: number; burstLimit: number };
  /** Whether a WAF web ACL guards the stage (infra/constructs/web-firewall.ts). */
  waf: boolean;
}

/**
 * The access log: who asked what, how it ended, how long it took. Never bodies or headers: they
 * carry personal data and credentials.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    requestTime: AccessLogField.contextRequestTimeEpoch(),
    ip: AccessLogField.contextIdentitySourceIp(),
    method: AccessLogField.contextHttpMethod(),
    route: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    latencyMs: AccessLogField.contextResponseLatency(),
    integrationLatencyMs: AccessLogField.contextIntegrationLatency(),
    gatewayError: AccessLogField.contextErrorResponseType(),
    traceId: AccessLogField.contextXrayTraceId(),
  }),
);

/** The REST API shell: stage, logs, throttling, tracing and problem+json gateway answers. */
export class DossierApi extends Construct {
  readonly api: RestApi;

  constructor(scope: Construct, id: string, props: DossierApiProps) {
    super(scope, id);
    const { stage, logRetention, throttle } = props;

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: logRetention });
    this.api = new RestApi(this, 'Api', {
      restApiName: `dossier-${stage}`,
      description: `Dossier ${stage} HTTP API (routes from functions/manifest.ts)`,
      endpointTypes: [EndpointType.REGIONAL],
      binaryMediaTypes: [...gateway.binaryMediaTypes],
      // Usage plans count a request under the key the authorizer names (the tenant's usage key),
      // never one a client sends: clients authenticate with Dossier's own tokens and dsk_ keys.
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // Execution logs need the account-wide API Gateway → CloudWatch role. It is shared by every
      // API in the account and region, so it outlives this stack.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: stage,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Data tracing would write request and response bodies (personal data) to CloudWatch.
        dataTraceEnabled: false,
      },
    });
    addGatewayProblems(this.api);

    NagSuppressions.addResourceSuppressions(this.api, [
      {
        id: 'AwsSolutions-APIG2',
        reason: 'Requests are validated in each function by its zod schemas (the same schemas the OpenAPI document is generated from), which answer every bad field as problem+json; API Gateway models would restate them and drift.',
      },
    ]);
    if (!props.waf) {
      NagSuppressions.addResourceSuppressions(this.api.deploymentStage, [
        {
          id: 'AwsSolutions-APIG3',
          reason: "This stage runs without the optional WAF web ACL (-c waf=true adds it): stage throttling and the functions' own limits (sign-ups per source and per day, sign-in failures, exact look-ups) cover abuse; the ACL is a per-stage cost decision (docs/deploy.md).",
        },
      ]);
    }
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      NagSuppressions.addResourceSuppressions(cloudWatchRole, [
        {
          id: 'AwsSolutions-IAM4',
          reason: 'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-managed policy API Gateway requires for its account-wide logging role; it only writes CloudWatch logs.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
        },
      ]);
    }
  }
}
