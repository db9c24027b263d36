/**
 * State kept per construct that must be one, even when two bundles of the
 * package are loaded (the main entry point and "cdktf-envkit/kubernetes" each
 * carry a copy of the modules they use): the map lives on `globalThis` under a
 * registered symbol, so every copy finds the same one.
 */
export function sharedWeakMap<K extends object, V>(name: string): WeakMap<K, V> {
  const key = Symbol.for(`cdktf-envkit:${name}`);
  const holder = globalThis as unknown as Record<symbol, WeakMap<K, V> | undefined>;
  return (holder[key] ??= new WeakMap<K, V>());
}
