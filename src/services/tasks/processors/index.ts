// The registry of task processors: one per orchestrator endpoint. Processors of other plugins add their import here.
import type { TaskProcessor } from '../types.ts';
import { auditProcessor } from './audit.ts';
import { mailProcessor } from './mail.ts';

/** Processors written elsewhere, loaded when their module exists (name of the module → its exported processor). */
const OPTIONAL: Array<{ module: string; export: string }> = [
  { module: './lifeCycle.ts', export: 'lifeCycleProcessor' },
  { module: './notifications.ts', export: 'notificationsProcessor' },
  { module: './reminder.ts', export: 'reminderProcessor' },
];

let optional: Promise<TaskProcessor[]> | undefined;

/** The optional processors that are installed (each module exports a `TaskProcessor`, under its name or as default). */
function loadOptional(): Promise<TaskProcessor[]> {
  optional ??= Promise.all(
    OPTIONAL.map(async ({ module, export: name }) => {
      try {
        const mod = (await import(module)) as Record<string, unknown>;
        const found = [mod[name], mod.default, ...Object.values(mod)].find(
          (v): v is TaskProcessor => typeof v === 'object' && v !== null && typeof (v as TaskProcessor).run === 'function' && typeof (v as TaskProcessor).endpoint === 'string',
        );
        return found ? [found] : [];
      } catch (e) {
        // Only the module itself missing; a module that is there but broken is an error worth seeing.
        if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(module.slice(2))) return [];
        throw e;
      }
    }),
  ).then((lists) => lists.flat());
  return optional;
}

/**
 * Every registered processor: mail and audit, then life cycle, notifications and reminder when present.
 * @example const processors = await defaultProcessors();
 */
export async function defaultProcessors(): Promise<TaskProcessor[]> {
  return [mailProcessor, auditProcessor, ...(await loadOptional())];
}
