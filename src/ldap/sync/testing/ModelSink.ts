// For tests: a ChangeSink with the semantics a read model must have (a map of entries by id,
// sweep of what a refresh did not mention), recording every call.
import type { ChangeSink, ContentEntry } from '../ChangeSource.ts';

export class ModelSink implements ChangeSink {
  public readonly entries = new Map<string, ContentEntry>();
  public readonly calls: string[] = [];
  public syncedCount = 0;
  public interruptions: Error[] = [];
  private seen = new Set<string>();

  public beginRefresh(): void {
    this.calls.push('begin');
    this.seen = new Set();
  }
  public upsert(entry: ContentEntry): void {
    this.calls.push(`upsert ${entry.id}`);
    this.entries.set(entry.id, entry);
    this.seen.add(entry.id);
  }
  public keep(id: string): void {
    this.calls.push(`keep ${id}`);
    this.seen.add(id);
  }
  public remove(id: string): void {
    this.calls.push(`remove ${id}`);
    this.entries.delete(id);
  }
  public sweep(): void {
    this.calls.push('sweep');
    for (const id of [...this.entries.keys()]) if (!this.seen.has(id)) this.entries.delete(id);
  }
  public synced(): void {
    this.calls.push('synced');
    this.syncedCount += 1;
  }
  public interrupted(error: Error): void {
    this.calls.push(`interrupted ${error.name}`);
    this.interruptions.push(error);
  }

  /** The DNs of the content, sorted. */
  public dns(): string[] {
    return [...this.entries.values()].map((e) => e.dn).sort();
  }

  /** The entry at `dn` (exact text), if any. */
  public byDn(dn: string): ContentEntry | undefined {
    return [...this.entries.values()].find((e) => e.dn === dn);
  }
}
