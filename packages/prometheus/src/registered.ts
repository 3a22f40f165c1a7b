import { StreamFilterError } from '@streamfilter/core';
import { Counter, Histogram, type Registry } from 'prom-client';

type Kind = typeof Counter | typeof Histogram;

/**
 * The metric `name` already in `registry`, if it is of the same kind with the same labels;
 * `undefined` if there is none. A metric of that name with another shape is a startup error,
 * not a silent mix of two meanings under one name.
 */
function existing<K extends Kind>(
  registry: Registry,
  name: string,
  kind: K,
  labelNames: readonly string[],
): InstanceType<K> | undefined {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  const labels = (metric as unknown as { labelNames?: readonly string[] }).labelNames ?? [];
  if (metric instanceof kind && labels.join() === labelNames.join()) {
    return metric as InstanceType<K>;
  }
  throw new StreamFilterError(
    'ERR_FILTER_CONFIG',
    `metrics: the registry already holds a metric "${name}" that is not a ${kind.name.toLowerCase()} ` +
      `with labels ${labelNames.join(', ')}; pass another "registry" or "prefix"`,
  );
}

/** The counter `name` of `registry`, registered now or reused from an earlier call. */
export function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
): Counter<L> {
  return (
    (existing(registry, name, Counter, labelNames) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] })
  );
}

/** The histogram `name` of `registry`, registered now or reused (with its first buckets). */
export function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: readonly number[],
): Histogram<L> {
  return (
    (existing(registry, name, Histogram, labelNames) as Histogram<L> | undefined) ??
    new Histogram({ name, help, labelNames, buckets: [...buckets], registers: [registry] })
  );
}
