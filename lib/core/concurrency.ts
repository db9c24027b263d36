/**
 * Runs `work` over `items`, at most `limit` at a time, and resolves with the
 * results in the order of `items`. A rejection of `work` rejects the whole;
 * callers that must go on past one item's failure catch inside `work`.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
