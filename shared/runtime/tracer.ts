/**
 * The port the AWS SDK adapters trace their clients through. It imports no X-Ray code: the
 * handler factories that trace (shared/runtime/lambda-tracer.ts, used by the job, unit of work,
 * consumer and stream factories) register the Powertools Tracer here when the function runs in
 * Lambda with tracing on. The API functions don't, so their bundles stay without the X-Ray SDK
 * (docs/decisions.md, "Tracer on workers only"); their clients are left as made.
 */
type ClientCapture = <T>(client: T) => T;

let capture: ClientCapture | undefined;

/** Called once, at load, by the tracer of a function that traces. */
export const registerClientCapture = (registered: ClientCapture): void => {
  capture = registered;
};

/**
 * An AWS SDK v3 client whose calls become X-Ray subsegments when the function traces; the client
 * itself otherwise. Applied once where each client is made (clients are made on first use, after
 * the handler module, and so its tracer, has loaded).
 */
export const traced = <T>(client: T): T => (capture ? capture(client) : client);
