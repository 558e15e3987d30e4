import { type App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DossierStack, type DossierStackProps } from './dossier-stack.ts';

export const stackName = (stage: string): string => `Dossier-${stage}`;

/**
 * The one stack of a stage, with cdk-nag's AwsSolutions pack run over it. bin/app.ts and the infra
 * tests both build the app through here, so the tests check what `cdk synth` produces.
 */
export const addDossierStack = (app: App, props: DossierStackProps): DossierStack => {
  const stack = new DossierStack(app, stackName(props.stage), props);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return stack;
};
