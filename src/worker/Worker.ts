// The task worker: every `pollSeconds`, one pass of each directory's task engine (expired claims, cyclic tasks, due
// sub-tasks). Passes never overlap; stopping lets the sub-task in hand finish and starts no other.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_WORKER_CONFIG, type WorkerConfig } from '../config/types.ts';
import type { AuditSink } from '../services/audit/AuditLog.ts';
import type { PassSummary, TaskEngine } from '../services/tasks/TaskEngine.ts';

export interface WorkerDirectory {
  name: string;
  engine: Pick<TaskEngine, 'pass'>;
  /** The audit trail: a pass that did something is one `modify` event of type `tasks` (its summary as result). */
  audit?: AuditSink;
}

export interface WorkerOptions {
  directories: WorkerDirectory[];
  config?: WorkerConfig;
  /** Written in claims; default {@link workerOwnerId}. */
  owner?: string;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Hears each directory's pass. */
  onPass?: (directory: string, summary: PassSummary) => void;
}

/** `<hostname>:<pid>:<random>`: unique per process, readable in a claim (no spaces). */
export function workerOwnerId(): string {
  return `${hostname().replace(/[^\w.-]/g, '_')}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** A one-line summary of a pass, for logs (figures only). */
export function describePass(directory: string, summary: PassSummary): string {
  const parts = Object.entries(summary.endpoints).map(([endpoint, r]) => `${endpoint} ${r.completed} done/${r.failed} failed${r.removed ? `/${r.removed} removed` : ''}`);
  if (summary.reclaimed) parts.unshift(`${summary.reclaimed} expired claim(s) taken back`);
  if (summary.activated) parts.unshift(`${summary.activated} cyclic task(s) activated`);
  if (summary.errors.length) parts.push(`${summary.errors.length} error(s)`);
  return `${directory}: ${parts.length ? parts.join(', ') : 'nothing to do'}`;
}

/**
 * The worker loop.
 * @example const worker = new Worker({ directories: [{ name: 'default', engine }], config }); worker.start(); … await worker.stop();
 */
export class Worker {
  readonly owner: string;
  private readonly directories: WorkerDirectory[];
  private readonly config: WorkerConfig;
  private readonly log: NonNullable<WorkerOptions['log']>;
  private readonly onPass: WorkerOptions['onPass'];
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private current: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(options: WorkerOptions) {
    this.directories = options.directories;
    this.config = options.config ?? DEFAULT_WORKER_CONFIG;
    this.owner = options.owner ?? workerOwnerId();
    this.log = options.log ?? (() => {});
    this.onPass = options.onPass;
  }

  /** Whether the loop runs. */
  get running(): boolean {
    return this.loop !== undefined;
  }

  /** One pass over every directory (waits for a pass in progress first: passes never overlap). */
  runOnce(): Promise<Array<{ directory: string; summary: PassSummary }>> {
    const next = this.current.catch(() => {}).then(() => this.passAll());
    this.current = next;
    return next;
  }

  private async passAll(): Promise<Array<{ directory: string; summary: PassSummary }>> {
    const out: Array<{ directory: string; summary: PassSummary }> = [];
    for (const { name, engine, audit } of this.directories) {
      if (this.abort.signal.aborted) break;
      let summary: PassSummary;
      try {
        summary = await engine.pass(this.owner, this.abort.signal);
      } catch (e) {
        summary = { reclaimed: 0, activated: 0, endpoints: {}, errors: [e instanceof Error ? e.message : String(e)] };
        this.log('error', `${name}: the task pass failed: ${summary.errors[0]}`);
      }
      if (audit && (summary.reclaimed > 0 || summary.activated > 0 || summary.errors.length > 0 || Object.keys(summary.endpoints).length > 0)) {
        await audit.record({ action: 'modify', objectType: 'tasks', object: '', result: describePass(name, summary), author: `worker ${this.owner}` }).catch((e: unknown) => this.log('error', `${name}: ${(e as Error).message}`));
      }
      this.onPass?.(name, summary);
      out.push({ directory: name, summary });
    }
    return out;
  }

  /** Start the loop: a pass now, then one `pollSeconds` after the end of each. */
  start(): void {
    if (this.loop) return;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    const signal = this.abort.signal;
    this.log('info', `task worker ${this.owner} started: a pass every ${this.config.pollSeconds} s on ${this.directories.map((d) => d.name).join(', ')}`);
    this.loop = (async () => {
      while (!signal.aborted) {
        await this.runOnce();
        if (signal.aborted) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.pollSeconds * 1000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    })();
  }

  /** Stop: the sub-task in hand finishes, no other starts; resolves when the current pass is over. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    await this.current.catch(() => {});
    this.loop = undefined;
    this.log('info', `task worker ${this.owner} stopped`);
  }
}
