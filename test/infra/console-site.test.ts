import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '#shared/http/console-site';
import { synthDossier } from './dossier-template.ts';

// cdk-nag's findings on the site are checked with the rest of the stack (cdk-nag.test.ts).
const { consoleTemplate: template, consoleResources: resources, template: mainTemplate } = synthDossier();
const distribution = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Distribution')!.Properties.DistributionConfig;
const originOf = (id: string) => distribution.Origins.find((origin: any) => origin.Id === id);

describe('the console site in AWS', () => {
  it('keeps the build in a private, encrypted bucket that refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('lets only CloudFront read the bucket, through origin access control', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' })]) },
    });
    const s3Origin = originOf(distribution.DefaultCacheBehavior.TargetOriginId);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
  });

  it('serves the console by default, with its CSP and its addresses rewritten to index.html', () => {
    const headers = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy')!.Properties.ResponseHeadersPolicyConfig;
    const rewrite = Object.values(resources).find((r) => r.Type === 'AWS::CloudFront::Function')!.Properties;

    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toBe(CONSOLE_CSP);
    expect(headers.SecurityHeadersConfig.FrameOptions.FrameOption).toBe('DENY');
    expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    expect(rewrite.FunctionCode).toContain("request.uri = '/index.html'");
  });

  it('sends /v1/* and /docs* to the API on the same distribution, uncached and with every header but Host', () => {
    const behaviors = distribution.CacheBehaviors as any[];
    expect(behaviors.map((behavior) => behavior.PathPattern)).toEqual(['/v1/*', '/docs*']);
    for (const behavior of behaviors) {
      const origin = originOf(behavior.TargetOriginId);
      expect(JSON.stringify(origin.DomainName)).toContain('execute-api');
      expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']));
      expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    }
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ MaxTTL: 1, DefaultTTL: 0, ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] } }) }),
    });
  });

  it('copies the build into the bucket on deploy and invalidates index.html', () => {
    const deployments = Object.values(resources).filter((r) => r.Type === 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    expect(deployments.some((d) => d.Properties.DistributionPaths?.includes('/index.html'))).toBe(true);
  });

  it('is a nested stack of the Dossier stack, which outputs the console address', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(Object.keys(mainTemplate.findResources('AWS::CloudFormation::Stack')).some((id) => id.startsWith('ConsoleSite'))).toBe(true);
    mainTemplate.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(Object.keys(mainTemplate.toJSON().Outputs)).toContain('ConsoleUrl');
  });
});
