import 'vitest';

// What the global setups hand to the suites (`inject('apiUrl')` …).
declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    apiUrl: string;
    runtimeLog: string;
    runtimeTable: string;
  }
}
