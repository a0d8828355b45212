/** Builds a model from a factory reference; used by the main thread and by every worker alike. */

import { pathToFileURL } from 'node:url';
import type { Model } from '../types.js';
import type { ModelFactoryRef } from './protocol.js';

export async function loadModel(ref: ModelFactoryRef): Promise<Model<unknown, unknown>> {
  const url = ref.module.startsWith('file:') ? ref.module : pathToFileURL(ref.module).href;
  const mod = (await import(url)) as Record<string, unknown>;
  const factory = mod[ref.export];
  if (typeof factory !== 'function') throw new Error(`${ref.module} has no exported function ${ref.export}`);
  return (factory as (...args: unknown[]) => Model<unknown, unknown>)(...(ref.args ?? []));
}
