/**
 * Runs `work` for every index in [from, to) with at most `concurrency` at a time, in index order
 * of start. The first failure stops new work from starting and is rethrown once the running work
 * has settled, so nothing is left writing behind the caller's back.
 */
export const forEachConcurrently = async (
  from: number,
  to: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> => {
  let nextIndex = from;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && nextIndex < to) {
      const index = nextIndex;
      nextIndex += 1;
      try {
        await work(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, to - from)) }, worker));
  if (failure) throw failure.error;
};
